// The `moe` command line (DESIGN §3), run as a process: exit codes (0 ok, 2 bad input or usage with one
// stderr line naming the file / tensor / key), `inspect` text and JSON, and `forward` against the
// reference outputs transformers 5.17 wrote for the fixture models.

#include "core/io/safetensors_reader.h"
#include "core/io/tensor_bridge.h"

#include <ATen/ATen.h>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <fcntl.h>
#include <functional>
#include <map>
#include <sys/stat.h>

using namespace moe;

namespace {

const QString kModels = QStringLiteral(MOE_TEST_DATA "/models");

struct Run {
    int code = -1;
    QString out;
    QString err;
};

Run runMoe(const QStringList& args, const QString& workingDirectory = {}) {
    QProcess p;
    p.setWorkingDirectory(workingDirectory);
    p.start(QStringLiteral(MOE_CLI_PATH), args);
    Run r;
    if (!p.waitForFinished(180000)) {
        p.kill();
        p.waitForFinished();
        r.err = "<timed out>";
        return r;
    }
    r.code = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2;
    r.out = QString::fromUtf8(p.readAllStandardOutput());
    r.err = QString::fromUtf8(p.readAllStandardError());
    return r;
}

QString describe(const Run& r) { return QString("exit %1, stderr: %2").arg(r.code).arg(r.err); }

// Exit 2 and exactly one stderr line that contains every needle.
#define EXPECT_BAD_INPUT(run, ...)                                                                       \
    do {                                                                                                 \
        const Run r_ = (run);                                                                            \
        QVERIFY2(r_.code == 2, qPrintable(describe(r_)));                                                \
        const QString line_ = r_.err.trimmed();                                                          \
        QVERIFY2(!line_.isEmpty() && !line_.contains('\n'), qPrintable("not one line: " + r_.err));      \
        for (const QString& needle_ : QStringList{__VA_ARGS__})                                          \
            QVERIFY2(line_.contains(needle_), qPrintable("'" + needle_ + "' missing from: " + line_));   \
    } while (false)

std::unique_ptr<SafetensorsFile> openFile(const QString& path) {
    return std::make_unique<SafetensorsFile>(path.toStdString());
}

at::Tensor read(const SafetensorsFile& f, const std::string& name) { return tensorView(f, f.at(name)).clone(); }

at::Tensor referenceIds(const QString& model) {
    return read(*openFile(kModels + "/" + model + "/reference.safetensors"), "input_ids");
}

QString writeInput(const QTemporaryDir& dir, const std::vector<std::pair<std::string, at::Tensor>>& tensors,
                   const QString& name = "in.safetensors") {
    const auto path = dir.filePath(name);
    writeTensors(path.toStdString(), tensors);
    return path;
}

// A copy of a fixture model folder.
QString copyModel(const QTemporaryDir& dir, const QString& model, const QString& name) {
    const QString to = dir.filePath(name);
    QDir().mkpath(to);
    for (const auto& f : QDir(kModels + "/" + model).entryList(QDir::Files))
        if (f != "reference.safetensors") QFile::copy(kModels + "/" + model + "/" + f, to + "/" + f);
    return to;
}

// Rewrites DIR/model.safetensors through `edit` (which may drop or replace tensors).
void rewriteWeights(const QString& dir, const std::function<void(std::vector<std::pair<std::string, at::Tensor>>&)>& edit) {
    const auto path = (dir + "/model.safetensors").toStdString();
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    {
        const SafetensorsFile f(path);
        for (const auto& t : f.tensors()) tensors.emplace_back(t.name, tensorView(f, t).clone());
    }
    edit(tensors);
    QFile::remove(QString::fromStdString(path));
    writeTensors(path, tensors);
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    QCOMPARE(f.write(bytes), qint64(bytes.size()));
}

std::int64_t checkpointParameters(const QString& model) {
    const auto file = openFile(kModels + "/" + model + "/model.safetensors");
    std::int64_t n = 0;
    for (const auto& t : file->tensors()) n += std::int64_t(t.numel());
    return n;
}

// "name [d0, d1, ...]" per tensor, one a line, sorted by name: readable when two sets differ.
QString shapesText(const std::map<std::string, std::vector<std::int64_t>>& shapes) {
    QStringList lines;
    for (const auto& [name, shape] : shapes) {
        QStringList dims;
        for (auto d : shape) dims << QString::number(d);
        lines << QString::fromStdString(name) + " [" + dims.join(", ") + "]";
    }
    return lines.join('\n');
}

struct ModelShape {
    std::int64_t layers = 3, hidden = 64, vocab = 512, experts = 0;
};

// Runs forward on `model` and checks the output file's names, dtypes, shapes and logits.
void checkForward(const QString& model, const ModelShape& s, const QString& dtype, at::ScalarType idsType) {
    QTemporaryDir tmp;
    QVERIFY(tmp.isValid());
    const auto ids = referenceIds(model);
    const auto in = writeInput(tmp, {{"input_ids", ids.to(idsType)}});
    const auto out = tmp.filePath("out.safetensors");
    const auto r = runMoe({"forward", "--model", kModels + "/" + model, "--input", in, "--out", out, "--dtype", dtype});
    QVERIFY2(r.code == 0, qPrintable(describe(r)));

    const auto file = openFile(out);
    const auto B = ids.size(0), T = ids.size(1);
    std::map<std::string, std::vector<std::int64_t>> want{{"logits", {B, T, s.vocab}}};
    for (std::int64_t i = 0; i <= s.layers; ++i) want["hidden_states." + std::to_string(i)] = {B, T, s.hidden};
    for (std::int64_t L = 0; s.experts && L < s.layers; ++L) want["router_logits." + std::to_string(L)] = {B * T, s.experts};
    std::map<std::string, std::vector<std::int64_t>> got;
    for (const auto& t : file->tensors()) {
        QVERIFY2(t.dtype == DType::F32, t.name.c_str());
        got[t.name] = t.shape;
    }
    QCOMPARE(shapesText(got), shapesText(want));

    const auto reference = openFile(kModels + "/" + model + "/reference.safetensors");
    const auto logits = read(*file, "logits"), refLogits = read(*reference, "logits");
    if (dtype == "f32") {
        const double maxDiff = (logits - refLogits).abs().max().item<double>();
        QVERIFY2(maxDiff <= 1e-4, qPrintable(QString("max |logits - reference| = %1").arg(maxDiff)));
        for (std::int64_t L = 0; s.experts && L < s.layers; ++L) {
            const auto name = "router_logits." + std::to_string(L);
            const double d = (read(*file, name) - read(*reference, name)).abs().max().item<double>();
            QVERIFY2(d <= 1e-4, qPrintable(QString("%1: max |diff| = %2").arg(name.c_str()).arg(d)));
        }
    } else {
        const double rel = ((logits - refLogits).norm() / refLogits.norm()).item<double>();
        QVERIFY2(rel <= 3e-2, qPrintable(QString("bf16 relative error %1").arg(rel)));
    }
}

// forward with a valid llama model and `in`, into a temporary output.
Run forward(const QString& modelDir, const QString& in, const QTemporaryDir& tmp) {
    return runMoe({"forward", "--model", modelDir, "--input", in, "--out", tmp.filePath("out.safetensors")});
}

}  // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void versionAndHelp() {
        auto r = runMoe({"--version"});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.startsWith("moe "), qPrintable(r.out));
        r = runMoe({"--help"});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains("inspect") && r.out.contains("forward"));
        QCOMPARE(runMoe({"forward", "--help"}).code, 0);
        QCOMPARE(runMoe({"inspect", "--help"}).code, 0);
    }

    // `moe --help` lists every command with its usage; each answers --help and -h on stdout with exit 0:
    // a usage line, a one-line description, its options and the exit status, within 79 columns.
    void perCommandHelp() {
        const auto top = runMoe({"--help"});
        QVERIFY2(top.code == 0 && top.err.isEmpty(), qPrintable(describe(top)));
        QVERIFY2(top.out.startsWith("usage: moe COMMAND"), qPrintable(top.out));
        QVERIFY(top.out.contains("\n  demo --out DIR [--seed N] [--scale full|reduced] [--force]\n      build the built-in demo\n"));
        QVERIFY(top.out.contains("\nexit status:\n"));
        QCOMPARE(runMoe({"-h"}).out, top.out);
        // "  NAME SYNOPSIS" (continued on lines indented further), then the summary indented by 6.
        QStringList commands;
        std::map<QString, QString> synopsis;
        const auto lines = top.out.split('\n');
        for (auto i = lines.indexOf("commands:") + 1; i > 0 && !lines[i].isEmpty(); ++i) {
            const auto indent = lines[i].indexOf(QRegularExpression("\\S"));
            if (indent == 2) commands << lines[i].mid(2).section(' ', 0, 0);
            if (indent != 6 && !commands.isEmpty()) synopsis[commands.last()] += " " + lines[i].trimmed();
        }
        QCOMPARE(commands, QStringList({"inspect", "forward", "build", "route", "aggregate", "train", "tokenize", "demo"}));
        for (const auto& command : commands) {
            const auto r = runMoe({command, "--help"});
            QVERIFY2(r.code == 0 && r.err.isEmpty(), qPrintable(command + ": " + describe(r)));
            const auto usage = r.out.section("\n\n", 0, 0).simplified();  // wrapped usage lines, joined
            QCOMPARE(usage, "usage: moe" + synopsis[command]);  // the same usage as in moe --help
            const auto summary = r.out.section("\n\n", 1, 1);  // the one-line description
            QVERIFY2(!summary.contains('\n') && summary.endsWith('.'), qPrintable(r.out));
            QVERIFY2(r.out.contains("\noptions:\n") && r.out.contains("  -h, --help ") && r.out.contains("\nexit status:\n  0  success\n"),
                     qPrintable(r.out));
            for (const auto& line : r.out.split('\n')) QVERIFY2(line.size() <= 79, qPrintable(command + ": " + line));
            QCOMPARE(runMoe({command, "-h"}).out, r.out);
            // Every option the help lists is one the command accepts: all of them at once, with their
            // placeholders as values, stop at a usage error or a missing file, never at an unknown option.
            static const QRegularExpression option("^  (--[a-z-]+)( \\S+)?(?:  |$)", QRegularExpression::MultilineOption);
            QStringList args{command};
            for (auto it = option.globalMatch(r.out.section("\noptions:\n", 1)); it.hasNext();) {
                const auto m = it.next();
                args << m.captured(1);
                if (!m.captured(2).isEmpty()) args << m.captured(2).trimmed();
            }
            QTemporaryDir cwd;  // where a placeholder such as DIR would be looked for
            const auto all = runMoe(args, cwd.path());
            QVERIFY2(all.code == 2 && !all.err.contains("unknown option"), qPrintable(args.join(' ') + ": " + describe(all)));
        }
        QCOMPARE(runMoe({"build", "x", "--out", "y", "--help"}).out, runMoe({"build", "--help"}).out);  // --help anywhere
    }

    // -h / --help as the value of an option is that value, not a request for help; usage errors point at
    // the command's own help.
    void helpIsNotAnOptionValue() {
        EXPECT_BAD_INPUT(runMoe({"route", "--text", "-h", "--out", "t.safetensors"}), "--model", "moe route --help");
        EXPECT_BAD_INPUT(runMoe({"aggregate", "--layers", "--help"}), "moe aggregate --help");
        const auto none = runMoe({});
        QCOMPARE(none.code, 2);
        QVERIFY2(none.out.isEmpty() && none.err.startsWith("usage: moe COMMAND"), qPrintable(describe(none)));
    }

    void usageErrors() {
        const auto r = runMoe({});
        QCOMPARE(r.code, 2);
        QVERIFY(!r.err.isEmpty());
        EXPECT_BAD_INPUT(runMoe({"frobnicate"}), "frobnicate");
        EXPECT_BAD_INPUT(runMoe({"forward", "--model", kModels + "/llama", "--input", "x", "--out", "y", "--bogus"}), "--bogus");
        EXPECT_BAD_INPUT(runMoe({"forward", "--model", kModels + "/llama", "--input", "x"}), "--out");
        EXPECT_BAD_INPUT(runMoe({"forward", "--model", kModels + "/llama", "--input", "x", "--out", "y", "--dtype", "f16"}), "--dtype");
        EXPECT_BAD_INPUT(runMoe({"inspect"}), "inspect");
        EXPECT_BAD_INPUT(runMoe({"inspect", kModels + "/llama", "--yaml"}), "--yaml");
    }

    void inspectText() {
        auto r = runMoe({"inspect", kModels + "/llama"});
        QVERIFY2(r.code == 0, qPrintable(describe(r)));
        const auto llamaParams = QString::number(checkpointParameters("llama"));
        for (const QString& s : {QString("Llama (llama)"), QString("float32"), "(" + llamaParams + ")", QString("layers:        3"),
                                 QString("experts:       none"), QString("routers:       0"), QString("tokenizer:     missing")})
            QVERIFY2(r.out.contains(s), qPrintable(s + " missing from:\n" + r.out));

        r = runMoe({"inspect", kModels + "/qwen2_moe"});
        QVERIFY2(r.code == 0, qPrintable(describe(r)));
        for (const QString& s : {QString("Qwen2-MoE (qwen2_moe)"), QString("4 per MoE block, top-2"), QString("MoE blocks: 0,1,2"),
                                 QString("routers:       3"), "(" + QString::number(checkpointParameters("qwen2_moe")) + ")"})
            QVERIFY2(r.out.contains(s), qPrintable(s + " missing from:\n" + r.out));
    }

    void inspectJson_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("type");
        QTest::addColumn<int>("experts");
        QTest::addColumn<int>("topK");
        for (const char* m : {"llama", "gpt2", "gemma3_text"}) QTest::newRow(m) << m << m << 0 << 0;
        for (const char* m : {"qwen2_moe", "qwen3_moe", "mixtral"}) QTest::newRow(m) << m << m << 4 << 2;
        QTest::newRow("mixtral_fused") << "mixtral_fused" << "mixtral" << 4 << 2;
    }
    void inspectJson() {
        QFETCH(QString, model);
        QFETCH(QString, type);
        QFETCH(int, experts);
        QFETCH(int, topK);
        const auto r = runMoe({"inspect", kModels + "/" + model, "--json"});
        QVERIFY2(r.code == 0, qPrintable(describe(r)));
        QJsonParseError error;
        const auto doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
        QVERIFY2(doc.isObject(), qPrintable(error.errorString() + "\n" + r.out));
        const auto j = doc.object();
        QCOMPARE(j["model_type"].toString(), type);
        QCOMPARE(qint64(j["parameters"].toInteger()), qint64(checkpointParameters(model)));
        QCOMPARE(j["layers"].toInt(), 3);
        QCOMPARE(j["experts"].toInt(), experts);
        QCOMPARE(j["top_k"].toInt(), topK);
        QVERIFY(j["routers"].isArray());
        QJsonArray routers;
        if (experts) routers = QJsonArray{"0", "1", "2"};
        QCOMPARE(j["routers"].toArray(), routers);
        QVERIFY(j["tokenizer"].isBool());
        QCOMPARE(j["tokenizer"].toBool(), false);
    }

    void forwardMatchesReference_data() {
        QTest::addColumn<QString>("model");
        QTest::addColumn<int>("experts");
        QTest::addColumn<QString>("dtype");
        QTest::addColumn<bool>("int32");
        QTest::newRow("llama") << "llama" << 0 << "f32" << false;
        QTest::newRow("gpt2") << "gpt2" << 0 << "f32" << false;
        QTest::newRow("qwen3_moe") << "qwen3_moe" << 4 << "f32" << false;
        QTest::newRow("llama bf16") << "llama" << 0 << "bf16" << false;
        QTest::newRow("qwen3_moe bf16") << "qwen3_moe" << 4 << "bf16" << false;
        QTest::newRow("llama int32 ids") << "llama" << 0 << "f32" << true;
        QTest::newRow("qwen2_moe int32 ids") << "qwen2_moe" << 4 << "f32" << true;
    }
    void forwardMatchesReference() {
        QFETCH(QString, model);
        QFETCH(int, experts);
        QFETCH(QString, dtype);
        QFETCH(bool, int32);
        checkForward(model, ModelShape{.experts = experts}, dtype, int32 ? at::kInt : at::kLong);
    }

    void badModelFolder() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const auto in = writeInput(tmp, {{"input_ids", referenceIds("llama")}});

        const auto missing = tmp.filePath("no-such-model");
        EXPECT_BAD_INPUT(forward(missing, in, tmp), missing);
        EXPECT_BAD_INPUT(runMoe({"inspect", missing}), missing);

        const auto empty = tmp.filePath("empty");
        QDir().mkpath(empty);
        EXPECT_BAD_INPUT(forward(empty, in, tmp), empty, "config.json");

        const auto bert = copyModel(tmp, "llama", "bert");
        QFile config(bert + "/config.json");
        QVERIFY(config.open(QIODevice::ReadOnly));
        auto text = config.readAll().replace("\"model_type\": \"llama\"", "\"model_type\": \"bert\"");
        config.close();
        QVERIFY(text.contains("\"bert\""));
        writeBytes(bert + "/config.json", text);
        EXPECT_BAD_INPUT(forward(bert, in, tmp), "config.json", "model_type", "bert");
        EXPECT_BAD_INPUT(runMoe({"inspect", bert}), "model_type", "bert");
    }

    void pickleCheckpointIsNeverRead() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const auto in = writeInput(tmp, {{"input_ids", referenceIds("llama")}});
        const auto dir = tmp.filePath("pickle");
        QDir().mkpath(dir);
        QVERIFY(QFile::copy(kModels + "/llama/config.json", dir + "/config.json"));
        const auto bin = dir + "/pytorch_model.bin";
        writeBytes(bin, QByteArray("PK\x03\x04 not really a pickle"));  // a zip signature, as torch.save writes

        // "Never read" is observed through the access time: set it far in the past (relatime then updates
        // it on any read). Calibrate on a sibling file first: on a noatime mount the check cannot be made.
        const auto ancient = [](const QString& path) {
            const timespec times[2] = {{946684800, 0}, {UTIME_OMIT, 0}};  // atime 2000-01-01, mtime kept
            return utimensat(AT_FDCWD, QFile::encodeName(path).constData(), times, 0) == 0;
        };
        const auto accessed = [](const QString& path) {
            struct stat st{};
            return ::stat(QFile::encodeName(path).constData(), &st) == 0 && st.st_atim.tv_sec != 946684800;
        };
        const auto probe = tmp.filePath("probe");
        writeBytes(probe, "probe");
        QVERIFY(ancient(probe));
        QFile pf(probe);
        QVERIFY(pf.open(QIODevice::ReadOnly));
        pf.readAll();
        pf.close();
        const bool atimeWorks = accessed(probe);
        QVERIFY(ancient(bin));

        EXPECT_BAD_INPUT(forward(dir, in, tmp), "pytorch_model.bin", "pickle", "safetensors");
        EXPECT_BAD_INPUT(runMoe({"inspect", dir}), "pytorch_model.bin", "pickle");
        if (atimeWorks) QVERIFY2(!accessed(bin), "pytorch_model.bin was read");
        else qWarning("access times are not updated here: cannot check that the pickle file is never read");
    }

    void badWeights() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const auto in = writeInput(tmp, {{"input_ids", referenceIds("llama")}});

        const auto truncated = copyModel(tmp, "llama", "truncated");
        QFile weights(truncated + "/model.safetensors");
        QVERIFY(weights.resize(weights.size() / 2));
        EXPECT_BAD_INPUT(forward(truncated, in, tmp), truncated + "/model.safetensors");
        EXPECT_BAD_INPUT(runMoe({"inspect", truncated}), truncated + "/model.safetensors");

        const auto lying = copyModel(tmp, "llama", "lying");
        QFile header(lying + "/model.safetensors");
        QVERIFY(header.open(QIODevice::ReadWrite));
        const quint64 length = quint64(header.size()) + 1000;  // the header would end beyond the file
        char le[8];
        for (int i = 0; i < 8; ++i) le[i] = char((length >> (8 * i)) & 0xff);
        QCOMPARE(header.write(le, 8), qint64(8));
        header.close();
        EXPECT_BAD_INPUT(forward(lying, in, tmp), lying + "/model.safetensors");

        const std::string gone = "model.layers.1.self_attn.k_proj.weight";
        const auto missing = copyModel(tmp, "llama", "missing");
        rewriteWeights(missing, [&](auto& tensors) {
            std::erase_if(tensors, [&](const auto& t) { return t.first == gone; });
        });
        EXPECT_BAD_INPUT(forward(missing, in, tmp), QString::fromStdString(gone), missing);

        const std::string bent = "model.layers.0.mlp.up_proj.weight";
        const auto misshapen = copyModel(tmp, "llama", "misshapen");
        rewriteWeights(misshapen, [&](auto& tensors) {
            for (auto& [name, t] : tensors)
                if (name == bent) t = t.narrow(0, 0, 127).contiguous();
        });
        EXPECT_BAD_INPUT(forward(misshapen, in, tmp), QString::fromStdString(bent), "[128, 64]", "[127, 64]");
    }

    void badInputFile() {
        QTemporaryDir tmp;
        QVERIFY(tmp.isValid());
        const auto llama = kModels + "/llama";
        const auto ids = referenceIds("llama");

        const auto noIds = writeInput(tmp, {{"tokens", ids}}, "no_ids.safetensors");
        EXPECT_BAD_INPUT(forward(llama, noIds, tmp), noIds, "input_ids");

        const auto f32 = writeInput(tmp, {{"input_ids", ids.to(at::kFloat)}}, "f32.safetensors");
        EXPECT_BAD_INPUT(forward(llama, f32, tmp), f32, "input_ids", "F32");

        auto big = ids.clone();
        big[1][7] = 512;  // vocab_size is 512
        const auto outOfRange = writeInput(tmp, {{"input_ids", big}}, "range.safetensors");
        EXPECT_BAD_INPUT(forward(llama, outOfRange, tmp), outOfRange, "input_ids", "512");

        auto negative = ids.clone();
        negative[0][0] = -1;
        const auto neg = writeInput(tmp, {{"input_ids", negative}}, "negative.safetensors");
        EXPECT_BAD_INPUT(forward(llama, neg, tmp), neg, "input_ids", "-1");

        const auto absent = tmp.filePath("absent.safetensors");
        EXPECT_BAD_INPUT(forward(llama, absent, tmp), absent);

        QVERIFY2(!QFile::exists(tmp.filePath("out.safetensors")), "a failed forward left an output file");
    }
};

QTEST_APPLESS_MAIN(TestCli)
#include "test_cli.moc"
