// Every broken input of tests/data/bad/cases.json through the `moe` binary (MOE_CLI_PATH): exit code 2,
// exactly one line on stderr holding the case's expected text, no crash, no "internal error", within a
// time limit. The cases run four at a time before the first row; each is then one row. Also: the table covers
// every command and every file of the corpus, and a tokenizer with millions of entries loads in memory
// bounded by its size.

#include "bad_input_cases.h"

#include <QDirIterator>
#include <QElapsedTimer>
#include <QFile>
#include <QMap>
#include <QProcess>
#include <QSet>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>
#include <sys/resource.h>

using namespace moe::testing;

namespace {

constexpr int kParallel = 4;
constexpr qint64 kCaseLimitMs = 60000;  // a refusal takes ~1 s (process start); 60 s allows a loaded CI machine

struct Outcome {
    BadRun run;
    QString skip;   // why the case cannot be checked here
    QString setupError;
};

}  // namespace

class TestBadInput : public QObject {
    Q_OBJECT

private slots:
    void initTestCase();
    void cleanupTestCase();
    void cases_data();
    void cases();
    void tableCoversCommandsAndCorpus();
    void hugeTokenizerLoadsInBoundedMemory();

private:
    void runAll();
    QList<BadCase> m_cases;
    QMap<QString, Outcome> m_outcomes;
    QTemporaryDir m_tmp;
};

void TestBadInput::initTestCase() {
    QString error;
    m_cases = loadBadCases(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_tmp.isValid());
}

// Runs every case, kParallel at a time (here, not in initTestCase: only when `cases` is selected).
void TestBadInput::runAll() {
    struct Running {
        int index;
        std::unique_ptr<QProcess> process;
        QElapsedTimer timer;
    };
    std::vector<Running> running;
    int next = 0;
    QElapsedTimer total;
    total.start();
    const auto finish = [&](Running& r, bool timedOut) {
        auto& o = m_outcomes[m_cases[r.index].name].run;
        o.ms = r.timer.elapsed();
        o.timedOut = timedOut;
        if (timedOut) {
            r.process->kill();
            r.process->waitForFinished();
        }
        o.crashed = r.process->exitStatus() != QProcess::NormalExit;
        o.exitCode = r.process->exitCode();
        o.out = QString::fromUtf8(r.process->readAllStandardOutput());
        o.err = QString::fromUtf8(r.process->readAllStandardError());
        restorePermissions(m_tmp.filePath(QString::number(r.index)));
    };
    while (next < m_cases.size() || !running.empty()) {
        while (int(running.size()) < kParallel && next < m_cases.size()) {
            const int i = next++;
            const BadCase& c = m_cases[i];
            const QString tmp = m_tmp.filePath(QString::number(i));
            QDir().mkpath(tmp);
            bool unreadableRefused = true;
            Outcome& o = m_outcomes[c.name];
            o.setupError = prepareCase(c, tmp, &unreadableRefused);
            if (!unreadableRefused) o.skip = "a file of mode 000 is still readable here (running as root?)";
            if (!o.setupError.isEmpty() || !o.skip.isEmpty()) {
                restorePermissions(tmp);
                continue;
            }
            QStringList args;
            for (const auto& a : c.args) args << substitute(a, tmp);
            Running r{i, std::make_unique<QProcess>(), {}};
            r.process->setWorkingDirectory(kBadDir);  // composition configs name expert folders from there
            r.process->setProgram(QStringLiteral(MOE_CLI_PATH));
            r.process->setArguments(args);
            r.process->setStandardInputFile(QProcess::nullDevice());
            r.timer.start();
            r.process->start();
            running.push_back(std::move(r));
        }
        for (auto it = running.begin(); it != running.end();) {
            if (it->process->waitForFinished(5) || it->process->state() == QProcess::NotRunning) {
                finish(*it, false);
                it = running.erase(it);
            } else if (it->timer.elapsed() > kCaseLimitMs) {
                finish(*it, true);
                it = running.erase(it);
            } else {
                ++it;
            }
        }
    }
    qint64 slowest = 0;
    QString slowestName;
    for (auto it = m_outcomes.cbegin(); it != m_outcomes.cend(); ++it)
        if (it->run.ms > slowest) slowest = it->run.ms, slowestName = it.key();
    qInfo("%lld cases in %.1f s (%d at a time); slowest %s: %.1f s", static_cast<long long>(m_cases.size()),
          double(total.elapsed()) / 1000, kParallel, qPrintable(slowestName), double(slowest) / 1000);
}

void TestBadInput::cleanupTestCase() { restorePermissions(m_tmp.path()); }

void TestBadInput::cases_data() {
    runAll();
    QTest::addColumn<int>("index");
    for (int i = 0; i < m_cases.size(); ++i) QTest::newRow(qPrintable(m_cases[i].name)) << i;
}

void TestBadInput::cases() {
    QFETCH(int, index);
    const BadCase& c = m_cases[index];
    const Outcome& o = m_outcomes[c.name];
    QVERIFY2(o.setupError.isEmpty(), qPrintable(o.setupError));
    if (!o.skip.isEmpty()) QSKIP(qPrintable(o.skip));
    const BadRun& r = o.run;
    const QString tmp = m_tmp.filePath(QString::number(index));
    const QString what = QStringLiteral("moe %1\nexit %2%3, %4 ms, stderr:\n%5")
                             .arg(c.args.join(' '))
                             .arg(r.exitCode)
                             .arg(r.crashed ? " (crashed)" : r.timedOut ? " (timed out)" : "")
                             .arg(r.ms)
                             .arg(r.err);
    QVERIFY2(!r.timedOut, qPrintable("no answer within the limit: " + what));
    QVERIFY2(!r.crashed, qPrintable("crashed: " + what));
    QVERIFY2(r.exitCode == 2, qPrintable("exit code is not 2: " + what));
    QVERIFY2(r.err.endsWith('\n') && r.err.count('\n') == 1, qPrintable("not exactly one line on stderr: " + what));
    QVERIFY2(!r.err.contains("internal error"), qPrintable(what));
    const QString expected = substitute(c.expect, tmp);
    QVERIFY2(r.err.startsWith("moe " + c.command() + ": "), qPrintable(what));
    QVERIFY2(r.err.contains(expected), qPrintable("expected \"" + expected + "\" in: " + what));
}

// The table keeps up with the corpus: enough cases, every command, unique names, and every file that
// generate.sh writes is used by some case.
void TestBadInput::tableCoversCommandsAndCorpus() {
    QVERIFY2(m_cases.size() >= 40, qPrintable(QString::number(m_cases.size())));
    QSet<QString> names;
    QMap<QString, int> perCommand;
    QString allArgs;
    for (const auto& c : m_cases) {
        QVERIFY2(!names.contains(c.name), qPrintable("duplicate case " + c.name));
        names << c.name;
        ++perCommand[c.command()];
        QVERIFY2(c.args.value(0) == c.command(), qPrintable(c.name + ": the name starts with the command"));
        allArgs += substitute(c.args.join('\n'), "") + "\n";
        for (const auto& step : c.setup) allArgs += substitute(step.join('\n'), "") + "\n";
    }
    for (const char* command : {"inspect", "forward", "build", "route", "aggregate", "tokenize", "train"})
        QVERIFY2(perCommand.value(command) >= 3, command);

    // Each model folder / file of the corpus appears in some case (directly, or as an expert of a config).
    for (const char* sub : {"models", "compose", "train", "traces", "inputs", "text", "tokenizers", "jsonl"}) {
        const QDir dir(kBadDir + "/" + sub);
        for (const auto& entry : dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot)) {
            const QString path = dir.filePath(entry);
            bool used = allArgs.contains(path + "\n") || allArgs.contains(path + "/");
            if (!used && QString(sub) == "models")  // referenced from a composition config
                for (const auto& config : QDir(kBadDir + "/compose").entryList(QDir::Files)) {
                    QFile f(kBadDir + "/compose/" + config);
                    used = used || (f.open(QIODevice::ReadOnly) && f.readAll().contains(("models/" + entry + "\"").toUtf8()));
                }
            if (!used && QString(sub) != "models" && entry.startsWith("valid")) used = true;  // the healthy counterparts
            QVERIFY2(used, qPrintable(path + " is used by no case of cases.json"));
        }
    }
}

// A BPE with 1.5 million merges (3 million vocabulary entries, ~100 MB of JSON): it loads
// and encodes with a peak memory that is a small multiple of the file, in reasonable time.
void TestBadInput::hugeTokenizerLoadsInBoundedMemory() {
    const int kMerges = 1'500'000;
    const QString path = m_tmp.filePath("huge_tokenizer.json");
    {
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        QByteArray vocab = "{\"model\":{\"type\":\"BPE\",\"ignore_merges\":true,\"vocab\":{\"b\":0";
        int id = 1;
        for (int k = 0; k < kMerges; ++k) {
            const QByteArray left = "a" + QByteArray::number(k);
            vocab += ",\"" + left + "\":" + QByteArray::number(id) + ",\"" + left + "b\":" + QByteArray::number(id + 1);
            id += 2;
        }
        f.write(vocab + "},\"merges\":[");
        for (int k = 0; k < kMerges; ++k) f.write((k ? ",\"a" : "\"a") + QByteArray::number(k) + " b\"");
        f.write("]}}");
    }
    const qint64 fileBytes = QFileInfo(path).size();
    QFile cases(m_tmp.filePath("huge_cases.jsonl"));
    QVERIFY(cases.open(QIODevice::WriteOnly));
    cases.write("{\"text\": \"a12b\"}\n");
    cases.close();

    QProcess p;
    QElapsedTimer timer;
    timer.start();
    p.start(QStringLiteral(MOE_CLI_PATH), {"tokenize", "--tokenizer", path, "--input", cases.fileName()});
    QVERIFY(p.waitForFinished(180000));
    const double seconds = double(timer.elapsed()) / 1000;
    rusage usage{};
    ::getrusage(RUSAGE_CHILDREN, &usage);  // the largest child so far; the cases before were small
    const double peakMb = double(usage.ru_maxrss) / 1024;
    qInfo("tokenizer of %.0f MB (%d merges): loaded and encoded in %.1f s, peak RSS of the children %.0f MB",
          double(fileBytes) / 1e6, kMerges, seconds, peakMb);
    const QByteArray out = p.readAllStandardOutput();
    QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
    QVERIFY2(out.contains("\"ids\":[26]"), "a12b is one token, the 26th: " + out);
    QVERIFY2(peakMb < 600 + 10.0 * double(fileBytes) / (1 << 20), qPrintable(QString::number(peakMb)));
}

QTEST_APPLESS_MAIN(TestBadInput)
#include "test_bad_input.moc"
