// Killing `moe build` or `moe train` (SIGKILL) at any moment leaves at the output path either the
// previous output or nothing — never a partial checkpoint that loads — and the leftovers of a killed
// run are refused as models and removed by the next run (core/io/atomic_dir). Each command is killed
// at fixed delays after its start (0 to 200 ms), at fractions of a complete run's duration, 0 to 10 ms
// after its temporary folder appears (while it writes), and then ever later until a run finishes.

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/model/model.h"

#include <ATen/ATen.h>
#include <QCryptographicHash>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <functional>
#include <map>
#include <thread>
#include <vector>

namespace {

const QString kModels = QStringLiteral(MOE_TEST_DATA "/models");
const QString kTokenizer = QStringLiteral(MOE_TEST_DATA "/tokenizers/bytebpe512");

using Snapshot = std::map<QString, QByteArray>;  // file name -> SHA-1 of its bytes

// The files of a folder (flat, as our outputs are), hidden ones included.
Snapshot snapshot(const QString& dir) {
    Snapshot s;
    for (const auto& f : QDir(dir).entryInfoList(QDir::Files | QDir::Hidden)) {
        QFile file(f.filePath());
        if (!file.open(QIODevice::ReadOnly)) continue;
        s[f.fileName()] = QCryptographicHash::hash(file.readAll(), QCryptographicHash::Sha1);
    }
    return s;
}

std::vector<std::string> names(const Snapshot& s) {
    std::vector<std::string> out;
    for (const auto& [name, _] : s) out.push_back(name.toStdString());
    return out;
}

bool loads(const QString& dir, QString* why) {
    try {
        moe::Model::load(dir.toStdString());
        return true;
    } catch (const std::exception& e) {
        *why = QString::fromStdString(e.what());
        return false;
    }
}

QStringList leftovers(const QString& out) {
    const QFileInfo info(out);
    return QDir(info.absolutePath()).entryList({"." + info.fileName() + ".tmp-*"}, QDir::AllEntries | QDir::Hidden);
}

// One command to kill repeatedly: how to run it, and what a complete output looks like.
struct Subject {
    QString what;
    QStringList args;  // writes into `out`
    QString out;
    Snapshot previous;  // what `out` held before the runs (empty: nothing)
    Snapshot complete;  // a complete output of the same run, written elsewhere
    bool bytewise = true;  // compare complete outputs byte for byte (training is not bit-reproducible across threads)
    std::vector<double> earlyKillsMs = {0, 20, 50, 100, 200};  // kills this long after the start
    QString lastFile = QStringLiteral("moe_studio.json");    // written just before the commit
};

}  // namespace

class TestCrashSafety : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void build();
    void buildOverPrevious();
    void train();

private:
    struct Tally {
        int previous = 0, complete = 0, absent = 0, runs = 0, leftovers = 0;
    };
    int runToEnd(const QStringList& args, qint64* ms = nullptr);
    void killRepeatedly(Subject& s);
    void checkState(const Subject& s, Tally& tally, const QString& when);

    QTemporaryDir m_tmp;
    QString m_config, m_config2, m_model, m_data, m_trainConfig;
};

int TestCrashSafety::runToEnd(const QStringList& args, qint64* ms) {
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(QStringLiteral(MOE_CLI_PATH), args);
    if (!p.waitForFinished(300000)) return -1;
    if (ms) *ms = t.elapsed();
    if (p.exitCode() != 0) qWarning("%s", p.readAllStandardError().constData());
    return p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
}

void TestCrashSafety::initTestCase() {
    QVERIFY(m_tmp.isValid());
    // Four llama experts (Traditional): a few MB to write, long enough to be killed mid-write.
    const auto config = [&](const QString& name, int seed) {
        const QString path = m_tmp.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly)) return QString();
        QString experts;
        for (int i = 0; i < 4; ++i)
            experts += QStringLiteral("%1{\"expert_name\": \"e%2\", \"model_id\": \"%3/llama\"}").arg(i ? ", " : "").arg(i).arg(kModels);
        f.write(QStringLiteral("{\"moe_method\": \"traditional\", \"model_type\": \"crashmoe\", \"num_experts_per_tok\": 2, "
                               "\"experts\": [%1], \"seed\": %2}\n").arg(experts).arg(seed).toUtf8());
        return path;
    };
    m_config = config("compose.json", 1);
    m_config2 = config("compose2.json", 2);  // another seed: another output, to tell the two apart
    QVERIFY(!m_config.isEmpty() && !m_config2.isEmpty());

    // A native MoE model with a tokenizer to train, and a text.
    m_model = m_tmp.filePath("mixtral");
    QVERIFY(QDir().mkpath(m_model));
    for (const char* f : {"config.json", "model.safetensors"})
        QVERIFY(QFile::copy(kModels + "/mixtral/" + f, m_model + "/" + f));
    for (const char* f : {"tokenizer.json", "tokenizer_config.json"})
        QVERIFY(QFile::copy(kTokenizer + "/" + f, m_model + "/" + f));
    m_data = m_tmp.filePath("corpus.txt");
    QFile data(m_data);
    QVERIFY(data.open(QIODevice::WriteOnly));
    for (int i = 0; i < 80; ++i)
        data.write(QStringLiteral("The quick brown fox %1 jumps over the lazy dog. int main() { return %2; }\n").arg(i).arg(7 * i).toUtf8());
    data.close();
    m_trainConfig = m_tmp.filePath("train.json");
    QFile tc(m_trainConfig);
    QVERIFY(tc.open(QIODevice::WriteOnly));
    tc.write("{\"steps\": 3, \"batch_size\": 2, \"seq_len\": 16, \"eval_every\": 3, \"eval_batches\": 1, \"seed\": 5}\n");
}

// Is `out` the previous output, a complete new one, or nothing? Are the leftovers harmless?
void TestCrashSafety::checkState(const Subject& s, Tally& tally, const QString& when) {
    const bool exists = QFileInfo::exists(s.out);
    if (!exists) {
        QVERIFY2(s.previous.empty(), qPrintable(s.what + ": the previous output vanished " + when));
        ++tally.absent;
    } else {
        const Snapshot now = snapshot(s.out);
        QString why;
        if (!s.previous.empty() && now == s.previous) {
            ++tally.previous;
        } else {
            const bool same = s.bytewise ? now == s.complete : names(now) == names(s.complete);
            QVERIFY2(same, qPrintable(s.what + ": a partial or unknown output " + when + ": " +
                                       QStringList(QDir(s.out).entryList(QDir::Files | QDir::Hidden)).join(' ')));
            ++tally.complete;
        }
        QVERIFY2(loads(s.out, &why), qPrintable(s.what + ": the output does not load " + when + ": " + why));
    }
    // A leftover is refused as a model, or it is a whole model (killed between the marker and the rename).
    tally.leftovers += !leftovers(s.out).isEmpty();  // the kill landed while the run was writing
    for (const auto& name : leftovers(s.out)) {
        const QString dir = QFileInfo(s.out).absolutePath() + "/" + name;
        const Snapshot left = snapshot(dir);
        if (left == s.complete || left == s.previous) continue;
        bool refused = false;
        try {
            moe::Checkpoint ck(dir.toStdString());
        } catch (const moe::Error&) {
            refused = true;
        }
        QVERIFY2(refused, qPrintable(s.what + ": leftover " + name + " loads as a model " + when));
    }
}

void TestCrashSafety::killRepeatedly(Subject& s) {
    // A complete run into a side folder: the reference of "complete", and the duration to aim at.
    const QString ref = m_tmp.filePath(QFileInfo(s.out).fileName() + "-reference");
    QStringList refArgs = s.args;
    refArgs[refArgs.indexOf(s.out)] = ref;
    qint64 full = 0;
    QCOMPARE(runToEnd(refArgs, &full), 0);
    s.complete = snapshot(ref);
    QVERIFY(!s.complete.empty());

    Tally tally;
    const QString tmpPrefix = "." + QFileInfo(s.out).fileName() + ".tmp-";
    // Kills after `delayMs`, counted from the start, from the moment the temporary folder appears, or from
    // the moment it holds s.lastFile (written just before the folder is moved into place); true if the
    // run completed first.
    enum class From { Start, TmpFolder, LastFile };
    const QDir parent(QFileInfo(s.out).absolutePath());
    const auto tmpHolds = [&](const QString& file) {
        for (const auto& d : parent.entryList({tmpPrefix + "*"}, QDir::Dirs | QDir::Hidden))
            if (file.isEmpty() || QFileInfo::exists(parent.filePath(d) + "/" + file)) return true;
        return false;
    };
    const auto killAt = [&](double delayMs, From from) {
        QProcess p;
        p.start(QStringLiteral(MOE_CLI_PATH), s.args);
        if (!p.waitForStarted()) return false;
        QElapsedTimer t;
        t.start();
        // QProcess learns that the child ended only in waitFor*/the event loop: poll with a zero timeout.
        const auto running = [&] { return !p.waitForFinished(0) && p.state() == QProcess::Running; };
        if (from != From::Start)
            while (running() && !tmpHolds(from == From::LastFile ? s.lastFile : QString()))
                std::this_thread::sleep_for(std::chrono::microseconds(100));
        const qint64 start = from != From::Start ? t.nsecsElapsed() : 0;
        while (running() && double(t.nsecsElapsed() - start) / 1e6 < delayMs)
            std::this_thread::sleep_for(std::chrono::microseconds(200));
        const bool finished = !running();
        p.kill();
        p.waitForFinished();
        ++tally.runs;
        return finished && p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0;
    };
    // Into a fresh destination, every run must start without one: a complete output is moved aside.
    const auto check = [&](const QString& when) {
        checkState(s, tally, when);
        if (s.previous.empty() && QFileInfo::exists(s.out) && !QTest::currentTestFailed()) QDir(s.out).removeRecursively();
    };

    // Each run costs a process start (~1 s of CPU): the moments are few but spread over a run's life.
    for (double ms : s.earlyKillsMs) {
        killAt(ms, From::Start);
        check(QStringLiteral("(killed %1 ms after start)").arg(ms));
        if (QTest::currentTestFailed()) return;
    }
    for (double f : {0.6, 0.85}) {
        killAt(f * double(full), From::Start);
        check(QStringLiteral("(killed at %1 of a run)").arg(f));
        if (QTest::currentTestFailed()) return;
    }
    for (double ms : {0.0, 2.0, 10.0}) {  // while it writes
        killAt(ms, From::TmpFolder);
        check(QStringLiteral("(killed %1 ms after its temporary folder appeared)").arg(ms));
        if (QTest::currentTestFailed()) return;
    }
    for (double ms : {0.0, 1.0, 3.0}) {  // as it moves the folder into place
        killAt(ms, From::LastFile);
        check(QStringLiteral("(killed %1 ms after %2 appeared)").arg(ms).arg(s.lastFile));
        if (QTest::currentTestFailed()) return;
    }
    // Ever later, until a run completes.
    double at = 0.9 * double(full);
    while (!killAt(at, From::Start)) {
        check(QStringLiteral("(killed %1 ms after start)").arg(at));
        if (QTest::currentTestFailed()) return;
        at += 0.2 * double(full);
        QVERIFY2(tally.runs < 40, "no run completes");
    }
    QVERIFY2(QFileInfo::exists(s.out), qPrintable(s.what + ": a completed run left no output"));
    checkState(s, tally, "(after a complete run)");
    QVERIFY2(leftovers(s.out).isEmpty(), qPrintable(s.what + ": leftovers after a complete run: " + leftovers(s.out).join(' ')));
    qInfo("%s: %d runs killed or completed (a complete run takes %lld ms): output was previous %d, complete %d, absent %d "
          "times; %d kills left a temporary folder (killed while writing)",
          qPrintable(s.what), tally.runs, static_cast<long long>(full), tally.previous, tally.complete, tally.absent, tally.leftovers);
    QVERIFY2(tally.leftovers > 0, "no kill landed while the run was writing");

    QCOMPARE(runToEnd({"inspect", s.out}), 0);  // the CLI reads it too
}

void TestCrashSafety::build() {
    Subject s{"moe build", {}, m_tmp.filePath("built"), {}, {}};
    s.args = QStringList{"build", m_config, "--out", s.out};
    s.earlyKillsMs = {0, 100};  // buildOverPrevious covers the others
    killRepeatedly(s);
}

void TestCrashSafety::buildOverPrevious() {
    const QString out = m_tmp.filePath("rebuilt");
    QCOMPARE(runToEnd({"build", m_config, "--out", out + "/"}), 0);  // a trailing separator names the same folder
    Subject s{"moe build --force", {"build", m_config2, "--out", out, "--force"}, out, snapshot(out), {}};
    killRepeatedly(s);
    // A killed run's leftovers (here: a copy marked incomplete) do not stop the next run, which removes them.
    const QString planted = m_tmp.filePath(".rebuilt.tmp-999999");
    QVERIFY(QDir().mkpath(planted));
    QFile marker(planted + "/.moe-incomplete");
    QVERIFY(marker.open(QIODevice::WriteOnly));
    marker.close();
    QCOMPARE(runToEnd({"build", m_config, "--out", out, "--force"}), 0);
    QVERIFY(!QFileInfo::exists(planted));
}

void TestCrashSafety::train() {
    const QString out = m_tmp.filePath("trained");
    QCOMPARE(runToEnd({"train", m_trainConfig, "--model", m_model, "--data", m_data, "--out", out, "--steps", "2"}), 0);
    Subject s{"moe train --force", {"train", m_trainConfig, "--model", m_model, "--data", m_data, "--out", out, "--force"}, out,
              snapshot(out), {}, false};
    s.lastFile = QStringLiteral("trainer_state.safetensors");
    killRepeatedly(s);
}

QTEST_APPLESS_MAIN(TestCrashSafety)
#include "test_crash_safety.moc"
