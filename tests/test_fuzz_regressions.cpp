// The inputs with which the fuzzers (fuzz/) found bugs, replayed in the regular build through the same
// entry points (fuzz/entries.h): each must end as tests/data/bad/fuzz/expected.txt records — refused with a
// moe::Error, or accepted with the entry's invariants holding — and never with another exception. The
// committed seed corpora (fuzz/corpus) are replayed too, under the same rule.

#include "fuzz/entries.h"

#include <QDir>
#include <QFile>
#include <QtTest>

#include <map>
#include <set>

using namespace moe::fuzz;

namespace {

const QString kReproducers = QStringLiteral(MOE_TEST_DATA "/bad/fuzz");

QByteArray readAll(const QString& path) {
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly)) qFatal("cannot read %s", qPrintable(path));
    return f.readAll();
}

// "<entry>/<file>" -> "accepted" | "rejected", from expected.txt ("# ..." lines are comments).
std::map<QString, QString> expectations() {
    std::map<QString, QString> out;
    for (const QByteArray& raw : readAll(kReproducers + "/expected.txt").split('\n')) {
        const QString line = QString::fromUtf8(raw).trimmed();
        if (line.isEmpty() || line.startsWith('#')) continue;
        const QStringList fields = line.split(QRegularExpression(QStringLiteral("\\s+")));
        if (fields.size() < 2) qFatal("expected.txt: '%s' lacks an outcome", qPrintable(line));
        out[fields[0]] = fields[1];
    }
    return out;
}

// Runs one input; "accepted" / "rejected", or what escaped instead.
QString outcome(const Entry& entry, const QByteArray& bytes) {
    try {
        return entry.run(std::string_view(bytes.constData(), static_cast<std::size_t>(bytes.size()))) == Outcome::Accepted
                   ? QStringLiteral("accepted")
                   : QStringLiteral("rejected");
    } catch (const std::exception& e) {
        return QStringLiteral("threw %1: %2").arg(QString::fromLatin1(typeid(e).name()), QString::fromUtf8(e.what()));
    }
}

}  // namespace

class TestFuzzRegressions : public QObject {
    Q_OBJECT
private slots:
    void reproducers_data() {
        QTest::addColumn<QString>("entry");
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("expected");
        for (const auto& [key, expected] : expectations()) {
            const auto slash = key.indexOf('/');
            QTest::newRow(qPrintable(key)) << key.left(slash) << key << expected;
        }
    }

    void reproducers() {
        QFETCH(QString, entry);
        QFETCH(QString, file);
        QFETCH(QString, expected);
        QVERIFY2(QFile::exists(kReproducers + "/" + file), qPrintable(file + " is listed but missing"));
        const QString got = outcome(moe::fuzz::entry(entry.toStdString()), readAll(kReproducers + "/" + file));
        QCOMPARE(got, expected);
    }

    // A reproducer that is not in expected.txt would never run.
    void everyReproducerIsListed() {
        const auto listed = expectations();
        for (const Entry& e : entries()) {
            const QDir dir(kReproducers + "/" + e.name);
            for (const QString& name : dir.entryList(QDir::Files))
                QVERIFY2(listed.count(QString::fromLatin1(e.name) + "/" + name), qPrintable(QString::fromLatin1(e.name) + "/" + name));
        }
        for (const auto& [key, _] : listed)
            QVERIFY2(QDir(kReproducers).exists(key.left(key.indexOf('/'))), qPrintable(key + ": no such entry folder"));
    }

    // The seeds never escape with anything but moe::Error, and each corpus gets some inputs past its
    // parser (seeds that are all refused would leave the fuzzer at the front door).
    void seedCorpora_data() {
        QTest::addColumn<QString>("entry");
        for (const Entry& e : entries()) QTest::newRow(e.name) << QString::fromLatin1(e.name);
    }

    void seedCorpora() {
        QFETCH(QString, entry);
        const QDir dir(QStringLiteral(MOE_FUZZ_CORPUS "/") + entry);
        const QStringList files = dir.entryList(QDir::Files);
        QVERIFY2(!files.isEmpty(), qPrintable(dir.path() + " is empty"));
        int accepted = 0;
        for (const QString& name : files) {
            const QString got = outcome(moe::fuzz::entry(entry.toStdString()), readAll(dir.filePath(name)));
            QVERIFY2(got == "accepted" || got == "rejected", qPrintable(name + ": " + got));
            accepted += got == "accepted";
        }
        QVERIFY2(accepted > 0, qPrintable(entry + ": no seed is accepted"));
    }
};

QTEST_APPLESS_MAIN(TestFuzzRegressions)
#include "test_fuzz_regressions.moc"
