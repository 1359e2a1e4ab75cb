// The Compose page's document without widgets (issue 7): edits, undo/redo with merged typing, the dirty
// state, JSON round trips that keep the user's keys and order, validation messages from the same
// checks as `moe build`, and the per-folder inspection.

#include "ui/compose_document.h"

#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUndoStack>
#include <QtTest>

using moe::ComposeDocument;
using moe::ComposeMethod;
using moe::ComposeProblem;
using nlohmann::ordered_json;

namespace {

const QString kModels = QStringLiteral(MOE_TEST_DATA "/models");
const QString kLlama = kModels + QStringLiteral("/llama");

// The problems whose key starts with `key`, as "key: message" lines.
QStringList problemsAt(const ComposeDocument& doc, const QString& key)
{
    QStringList out;
    for (const ComposeProblem& p : doc.problems())
        if (p.key.startsWith(key))
            out << p.text();
    return out;
}

bool hasProblem(const ComposeDocument& doc, const QString& key, const QString& fragment)
{
    for (const QString& p : problemsAt(doc, key))
        if (p.contains(fragment))
            return true;
    return false;
}

QString dump(const ordered_json& j)
{
    return QString::fromStdString(j.dump());
}

void writeFile(const QString& path, const QByteArray& bytes)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(bytes);
}

}  // namespace

class TestComposeDocument : public QObject {
    Q_OBJECT

private slots:
    void newDocumentIsCleanAndIncomplete()
    {
        ComposeDocument doc;
        QVERIFY(!doc.isModified());
        QCOMPARE(doc.expertCount(), 0);
        QCOMPARE(doc.config().method, ComposeMethod::Btx);
        QCOMPARE(doc.displayName(), QStringLiteral("Untitled"));
        QVERIFY(hasProblem(doc, QStringLiteral("experts"), QStringLiteral("needs 2 to 16 experts")));
        QVERIFY(hasProblem(doc, QStringLiteral("output"), QStringLiteral("choose")));
        QVERIFY(!doc.isValid());
    }

    void editsUndoRedoAndDirtyState()
    {
        ComposeDocument doc;
        QSignalSpy modified(&doc, &ComposeDocument::modifiedChanged);
        QSignalSpy changed(&doc, &ComposeDocument::changed);
        doc.setMethod(ComposeMethod::Traditional);
        QCOMPARE(doc.config().method, ComposeMethod::Traditional);
        QVERIFY(doc.isModified());
        QCOMPARE(modified.count(), 1);
        QCOMPARE(modified.last().at(0).toBool(), true);
        QVERIFY(changed.count() >= 1);
        doc.setAlpha(0.5);
        doc.setGateInit(moe::GateInit::CheapEmbed);
        doc.setDtype(QStringLiteral("bfloat16"));
        QCOMPARE(doc.undoStack()->count(), 4);
        QVERIFY(doc.json()["gate_init"] == "cheap_embed");
        QVERIFY(doc.json()["dtype"] == "bfloat16");

        doc.undoStack()->undo();  // dtype
        QVERIFY(!doc.json().contains("dtype"));
        doc.undoStack()->undo();  // gate init
        QCOMPARE(doc.config().gateInit, moe::GateInit::Random);
        QVERIFY(!doc.json().contains("gate_init"));
        doc.undoStack()->undo();
        QCOMPARE(doc.config().alpha, 0.01);
        doc.undoStack()->undo();
        QCOMPARE(doc.config().method, ComposeMethod::Btx);
        QVERIFY(!doc.isModified());
        QCOMPARE(modified.last().at(0).toBool(), false);
        doc.undoStack()->redo();
        QCOMPARE(doc.config().method, ComposeMethod::Traditional);
        QVERIFY(doc.isModified());

        // An edit that changes nothing is no command.
        const int count = doc.undoStack()->count();
        doc.setMethod(ComposeMethod::Traditional);
        QCOMPARE(doc.undoStack()->count(), count);
    }

    void typingInOneFieldMergesIntoOneStep()
    {
        ComposeDocument doc;
        for (const char* text : {"m", "my", "my_", "my_moe"})
            doc.setModelType(QLatin1String(text));
        QCOMPARE(doc.undoStack()->count(), 1);
        QCOMPARE(doc.config().modelType, std::string("my_moe"));
        doc.setTopK(1);  // another field: a new step
        doc.setTopK(2);
        doc.setTopK(1);
        QCOMPARE(doc.undoStack()->count(), 2);
        doc.setModelType(QStringLiteral("other"));  // after another field: not merged with the first burst
        QCOMPARE(doc.undoStack()->count(), 3);
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QCOMPARE(doc.config().topK, 2);
        QCOMPARE(doc.config().modelType, std::string("my_moe"));
        doc.undoStack()->undo();
        QCOMPARE(doc.config().modelType, std::string("moe_studio"));
        QVERIFY(!doc.isModified());
    }

    void expertsAddRenameMoveRemove()
    {
        ComposeDocument doc;
        doc.addExperts({kLlama, kLlama, kModels + QStringLiteral("/qwen3")});
        QCOMPARE(doc.expertCount(), 3);
        QCOMPARE(doc.expertName(0), QStringLiteral("llama"));
        QCOMPARE(doc.expertName(1), QStringLiteral("llama_2"));  // unique names
        QCOMPARE(doc.expertName(2), QStringLiteral("qwen3"));
        QCOMPARE(doc.undoStack()->count(), 1);  // one step for the batch

        doc.setExpertName(1, QStringLiteral("c"));
        doc.setExpertName(1, QStringLiteral("code"));
        QCOMPARE(doc.undoStack()->count(), 2);
        QCOMPARE(doc.expertName(1), QStringLiteral("code"));
        QCOMPARE(doc.config().experts[1].name, std::string("code"));

        doc.moveExpert(2, 0);
        QCOMPARE(doc.expertName(0), QStringLiteral("qwen3"));
        QCOMPARE(doc.expertName(1), QStringLiteral("llama"));
        doc.setExpertPrompts(0, {QStringLiteral("def f():")}, {});
        QCOMPARE(doc.expertPrompts(0, true), QStringList{QStringLiteral("def f():")});
        QVERIFY(!doc.json()["experts"][0].contains("negative_prompts"));

        doc.setTopK(3);
        doc.removeExpert(0);
        QCOMPARE(doc.expertCount(), 2);
        QCOMPARE(doc.config().topK, 2);  // top-k follows the experts that are left
        doc.undoStack()->undo();
        QCOMPARE(doc.expertCount(), 3);
        QCOMPARE(doc.config().topK, 3);
        QCOMPARE(doc.expertName(0), QStringLiteral("qwen3"));
        while (doc.undoStack()->canUndo())
            doc.undoStack()->undo();
        QCOMPARE(doc.expertCount(), 0);
    }

    void methodChangeDropsFieldsThatNoLongerApply()
    {
        ComposeDocument doc;
        doc.setRouterLayer(QStringLiteral("self_attn.q_proj"), true);
        QCOMPARE(doc.config().routerLayers.size(), std::size_t(4));
        doc.setMethod(ComposeMethod::Traditional);
        QCOMPARE(doc.config().routerLayers,
                 (std::vector<std::string>{"mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"}));
        QVERIFY(problemsAt(doc, QStringLiteral("router_layers")).isEmpty());
        doc.setGateInit(moe::GateInit::Hidden);
        doc.setMethod(ComposeMethod::Bts);
        QCOMPARE(doc.config().stitchFreq, 1);
        QVERIFY(!doc.json().contains("gate_init"));
        QVERIFY(problemsAt(doc, QStringLiteral("stitch_freq")).isEmpty());
        doc.undoStack()->undo();
        QCOMPARE(doc.config().gateInit, moe::GateInit::Hidden);
        QVERIFY(!doc.json().contains("stitch_freq"));
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QCOMPARE(doc.config().routerLayers.size(), std::size_t(4));  // the attention projection is back
    }

    void jsonRoundTripKeepsKeysAndOrder()
    {
        QTemporaryDir tmp;
        const QString in = tmp.filePath(QStringLiteral("in.json"));
        // Key order, an unknown key and prompts as a user wrote them.
        const ordered_json written = {
            {"model_type", "gemmax"},
            {"moe_method", "traditional"},
            {"experts",
             {{{"expert_name", "base"}, {"model_id", kLlama.toStdString()}, {"positive_prompts", {"hello"}}},
              {{"expert_name", "other"}, {"model_id", kLlama.toStdString()}}}},
            {"num_experts_per_tok", 1},
            {"my_note", "kept"},
            {"router_layers", {"mlp.gate_proj"}},
            {"alpha", 0.25}};
        writeFile(in, QByteArray::fromStdString(written.dump(4)));
        ComposeDocument doc;
        QString error;
        QVERIFY2(doc.load(in, &error), qPrintable(error));
        QVERIFY(!doc.isModified());
        QCOMPARE(doc.fileName(), QFileInfo(in).absoluteFilePath());
        QCOMPARE(dump(doc.json()), dump(written));
        QVERIFY(hasProblem(doc, QStringLiteral("my_note"), QStringLiteral("unknown key")));  // kept and reported

        doc.setAlpha(0.5);
        QVERIFY(doc.isModified());
        const QString out = tmp.filePath(QStringLiteral("out.json"));
        QVERIFY2(doc.save(out, &error), qPrintable(error));
        QVERIFY(!doc.isModified());
        QCOMPARE(doc.fileName(), QFileInfo(out).absoluteFilePath());
        QFile f(out);
        QVERIFY(f.open(QIODevice::ReadOnly));
        ordered_json saved = ordered_json::parse(f.readAll().toStdString());
        ordered_json expected = written;
        expected["alpha"] = 0.5;
        QCOMPARE(dump(saved), dump(expected));
        std::vector<std::string> keys;
        for (auto it = saved.begin(); it != saved.end(); ++it)
            keys.push_back(it.key());
        QCOMPARE(keys, (std::vector<std::string>{"model_type", "moe_method", "experts", "num_experts_per_tok",
                                                 "my_note", "router_layers", "alpha"}));

        ComposeDocument again;
        QVERIFY(again.load(out, &error));
        QCOMPARE(again.jsonText(), doc.jsonText());
    }

    void loadRejectsWhatIsNotAConfig()
    {
        QTemporaryDir tmp;
        ComposeDocument doc;
        doc.setAlpha(1);
        QString error;
        writeFile(tmp.filePath(QStringLiteral("bad.json")), "{ not json");
        QVERIFY(!doc.load(tmp.filePath(QStringLiteral("bad.json")), &error));
        QVERIFY2(error.contains(QLatin1String("not valid JSON")), qPrintable(error));
        writeFile(tmp.filePath(QStringLiteral("list.json")), "[1, 2]");
        QVERIFY(!doc.load(tmp.filePath(QStringLiteral("list.json")), &error));
        QVERIFY(!doc.load(tmp.filePath(QStringLiteral("missing.json")), &error));
        QCOMPARE(doc.config().alpha, 1.0);  // unchanged
        QVERIFY(doc.isModified());
    }

    // A mergekit-moe YAML is imported into an untitled document; one it cannot translate is refused.
    void importsMergekitYaml()
    {
        QTemporaryDir tmp;
        ComposeDocument doc;
        QString error;
        writeFile(tmp.filePath(QStringLiteral("moe.yml")),
                  "base_model: /m/base\ngate_mode: random\nexperts:\n  - source_model: /m/a\n  - source_model: /m/b\n");
        QVERIFY2(doc.load(tmp.filePath(QStringLiteral("moe.yml")), &error), qPrintable(error));
        QCOMPARE(doc.config().method, moe::ComposeMethod::Traditional);
        QCOMPARE(doc.config().baseModel, std::string("/m/base"));
        QCOMPARE(doc.config().experts.size(), std::size_t(2));
        QCOMPARE(doc.config().experts[1].name, std::string("b"));
        QVERIFY(doc.fileName().isEmpty());  // saving asks for a .json name, never overwrites the YAML
        writeFile(tmp.filePath(QStringLiteral("bad.yaml")), "base_model: x\nexperts:\n  - source_model: a\n    noise_scale: 1\n");
        QVERIFY(!doc.load(tmp.filePath(QStringLiteral("bad.yaml")), &error));
        QVERIFY2(error.contains(QLatin1String("noise_scale")), qPrintable(error));
        QCOMPARE(doc.config().experts.size(), std::size_t(2));  // unchanged
    }

    void jsonTextEditsAreUndoableAndChecked()
    {
        ComposeDocument doc;
        QString error;
        QVERIFY(!doc.setJsonText(QStringLiteral("{\"moe_method\": "), &error));
        QVERIFY(!error.isEmpty());
        QVERIFY(!doc.setJsonText(QStringLiteral("[]"), &error));
        QCOMPARE(doc.undoStack()->count(), 0);
        ordered_json j = doc.json();
        j["alpha"] = 2;
        QVERIFY(doc.setJsonText(QString::fromStdString(j.dump()), &error));
        j["stitch_freq"] = 3;
        QVERIFY(doc.setJsonText(QString::fromStdString(j.dump()), &error));
        QCOMPARE(doc.undoStack()->count(), 1);  // typing in the JSON view is one step
        QCOMPARE(doc.config().stitchFreq, 3);
        doc.undoStack()->undo();
        QCOMPARE(doc.config().alpha, 0.01);
        QVERIFY(!doc.json().contains("stitch_freq"));
    }

    void validationMessages()
    {
        QTemporaryDir tmp;
        ComposeDocument doc;
        doc.addExperts({kLlama, kLlama});
        doc.setOutputDir(tmp.filePath(QStringLiteral("out")));
        doc.setTopK(3);
        QVERIFY(hasProblem(doc, QStringLiteral("num_experts_per_tok"), QStringLiteral("exceeds the 2 experts")));
        doc.setTopK(2);
        QVERIFY(problemsAt(doc, QStringLiteral("num_experts_per_tok")).isEmpty());
        doc.setModelType(QStringLiteral("Bad-Name"));
        QVERIFY(hasProblem(doc, QStringLiteral("model_type"), QStringLiteral("lowercase")));
        doc.setModelType(QStringLiteral("good_name"));
        doc.setExpertName(1, QStringLiteral("llama"));
        QVERIFY(hasProblem(doc, QStringLiteral("experts[1].expert_name"), QStringLiteral("duplicate")));
        QCOMPARE(problemsAt(doc, QStringLiteral("experts[1]")).size(), 1);
        for (const ComposeProblem& p : doc.problems())
            if (p.key == QLatin1String("experts[1].expert_name"))
                QCOMPARE(p.expert, 1);
        doc.undoStack()->undo();

        // BTS without stitch_freq, as a hand-written config would have it.
        ordered_json j = doc.json();
        j["moe_method"] = "bts";
        j.erase("stitch_freq");
        QString error;
        QVERIFY(doc.setJsonText(QString::fromStdString(j.dump()), &error));
        QVERIFY(hasProblem(doc, QStringLiteral("stitch_freq"), QStringLiteral("BTS needs stitch_freq")));
        QVERIFY(!doc.isValid());
        doc.setStitchFreq(2);
        QVERIFY(problemsAt(doc, QStringLiteral("stitch_freq")).isEmpty());
    }

    void folderCheckRunsOffThreadAndFindsMismatches()
    {
        QTemporaryDir tmp;
        ComposeDocument doc;
        QSignalSpy inspected(&doc, &ComposeDocument::folderInspected);
        doc.addExperts({kLlama, kLlama});
        doc.setOutputDir(tmp.filePath(QStringLiteral("out")));
        QVERIFY(doc.isChecking());
        QVERIFY(!doc.isValid());  // not before the folders are checked
        QTRY_VERIFY_WITH_TIMEOUT(!doc.isChecking() && doc.folderInfo(kLlama), 30000);
        const QStringList problems = problemsAt(doc, QString());
        QVERIFY2(doc.isValid(), qPrintable(problems.join(QLatin1Char('\n'))));
        QCOMPARE(inspected.count(), 1);  // cached per folder
        const moe::ExpertFolderInfo* info = doc.folderInfo(kLlama);
        QVERIFY(info->ok);
        QCOMPARE(info->modelType, QStringLiteral("llama"));
        QVERIFY(info->parameters > 0);
        QVERIFY(info->layers > 0);
        QCOMPARE(doc.numLayers(), info->layers);
        QVERIFY(info->projections.contains(QStringLiteral("self_attn.o_proj")));
        QCOMPARE(doc.baseModelType(), QStringLiteral("llama"));

        // Another architecture, and a folder that is not a model: problems on their rows.
        doc.addExperts({kModels + QStringLiteral("/qwen3"), tmp.path()});
        QTRY_VERIFY_WITH_TIMEOUT(!doc.isChecking() && doc.folderInfo(tmp.path()), 30000);
        QVERIFY(!doc.isValid());
        bool arch = false, missing = false;
        for (const ComposeProblem& p : doc.problems()) {
            arch |= p.expert == 2 && p.message.contains(QLatin1String("architecture 'qwen3'"));
            missing |= p.expert == 3 && !p.warning;
        }
        QVERIFY2(arch && missing, qPrintable(problemsAt(doc, QString()).join(QLatin1Char('\n'))));
        QVERIFY(!doc.folderInfo(tmp.path())->ok);

        // Blocks: per-block toggles write router_layers_index.
        doc.removeExpert(3);
        doc.removeExpert(2);
        const int n = doc.numLayers();
        QVERIFY(n >= 2);
        doc.setBlockRouted(0, false);
        QCOMPARE(doc.config().routerLayersIndex->size(), std::size_t(n - 1));
        QVERIFY(!doc.isBlockRouted(0) && doc.isBlockRouted(1));
        doc.setBlockRouted(0, true);
        QCOMPARE(dump(doc.json()["router_layers_index"]), QStringLiteral("[]"));  // all blocks
        doc.setRouterBlocks(std::vector<int>{});
        QCOMPARE(dump(doc.json()["router_layers_index"]), QStringLiteral("[null]"));
        doc.setRouterBlocks(std::vector<int>{n + 5});
        QTRY_VERIFY_WITH_TIMEOUT(!doc.isChecking(), 30000);
        QVERIFY(hasProblem(doc, QStringLiteral("router_layers_index"), QStringLiteral("out of range")));

        // Native format: only Traditional on an architecture with a native MoE class.
        doc.setRouterBlocks(std::nullopt);
        doc.setFormat(QStringLiteral("native"));
        QVERIFY(hasProblem(doc, QStringLiteral("format"), QStringLiteral("native")));
        doc.setMethod(ComposeMethod::Traditional);
        QVERIFY(doc.nativePossible());
        QVERIFY(problemsAt(doc, QStringLiteral("format")).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestComposeDocument)
#include "test_compose_document.moc"
