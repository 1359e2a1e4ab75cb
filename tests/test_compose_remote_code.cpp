// The transformers code shipped with mixturekit-format outputs (issue 5): both .py files are written, byte
// for byte the ones in resources/transformers; config.json's auto_map names classes those files define;
// native outputs have neither. When python3 is on PATH, both files must at least parse (torch and
// transformers are not needed for that, and MoE Studio itself never runs them).

#include "compose_fixtures.h"

#include "core/compose/composer.h"
#include "core/compose/remote_code.h"
#include "core/io/checkpoint.h"
#include "core/io/tensor_bridge.h"
#include "core/model/model.h"

#include <ATen/ATen.h>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace moe;
using namespace moe::testing;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kSources = MOE_TEST_DATA "/../../resources/transformers";
const char* kFiles[] = {"configuration_moe_studio.py", "modeling_moe_studio.py"};

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

json readJson(const std::string& path) {
    json j;
    std::ifstream(path) >> j;
    return j;
}

// "module.Class" -> the module's file in `dir` defines `class Class(`.
bool namesDefinedClass(const std::string& dir, const std::string& ref) {
    const auto dot = ref.find('.');
    if (dot == std::string::npos) return false;
    const auto file = dir + "/" + ref.substr(0, dot) + ".py";
    return fs::exists(file) && readFile(file).find("class " + ref.substr(dot + 1) + "(") != std::string::npos;
}

}  // namespace

class TestComposeRemoteCode : public QObject {
    Q_OBJECT

private slots:
    void mixtureKitOutputShipsTheCode_data() {
        QTest::addColumn<QString>("fixture");
        QTest::addColumn<int>("method");
        QTest::addColumn<QStringList>("routerLayers");
        QTest::newRow("llama traditional") << "llama" << int(ComposeMethod::Traditional) << QStringList{};
        QTest::newRow("llama btx") << "llama" << int(ComposeMethod::Btx) << QStringList{"mlp.gate_proj", "mlp.down_proj"};
        QTest::newRow("qwen3 btx attention") << "qwen3" << int(ComposeMethod::Btx) << QStringList{"self_attn.q_proj", "mlp.up_proj"};
        QTest::newRow("gemma2 bts") << "gemma2" << int(ComposeMethod::Bts) << QStringList{};
    }
    void mixtureKitOutputShipsTheCode() {
        QFETCH(QString, fixture);
        QFETCH(int, method);
        QFETCH(QStringList, routerLayers);
        QTemporaryDir tmp;
        const auto f = fixture.toStdString();
        std::vector<std::string> layers;
        for (const auto& l : routerLayers) layers.push_back(l.toStdString());
        const auto out = tmp.filePath("moe").toStdString();
        auto composeConfig = makeConfig(static_cast<ComposeMethod>(method), {perturbed(tmp, f, 1), perturbed(tmp, f, 2)}, 1, layers);
        composeConfig.stitchFreq = 1;  // BTS: stitches after blocks 1 and 2
        const auto summary = compose(composeConfig, {.outDir = out});

        for (const char* name : kFiles) {
            QVERIFY2(fs::exists(out + "/" + name), name);
            QVERIFY2(std::find(summary.files.begin(), summary.files.end(), name) != summary.files.end(), name);
            // The embedded copy is the source file, byte for byte (a stale build would differ).
            QCOMPARE(readFile(out + "/" + name), readFile(kSources + "/" + name));
        }
        const auto config = readJson(out + "/config.json");
        QVERIFY(config.contains("auto_map"));
        const auto& autoMap = config["auto_map"];
        QCOMPARE(autoMap, remoteCodeAutoMap());
        for (const char* key : {"AutoConfig", "AutoModelForCausalLM"}) {
            QVERIFY2(autoMap.contains(key), key);
            const auto ref = autoMap[key].get<std::string>();
            QVERIFY2(namesDefinedClass(out, ref), ref.c_str());
        }
        QVERIFY(autoMap["AutoConfig"].get<std::string>().starts_with("configuration_moe_studio."));
        QVERIFY(autoMap["AutoModelForCausalLM"].get<std::string>().starts_with("modeling_moe_studio."));
        // The keys the Python config reads are there.
        QCOMPARE(config["base_model_type"].get<std::string>(), f);
        for (const char* key : {"moe_method", "num_experts", "num_experts_per_tok", "router_layers", "router_layers_index", "alpha"})
            QVERIFY2(config.contains(key), key);
        // auto_map changes nothing for our own runtime.
        QVERIFY(Model::load(out)->hparams().composed);
    }

    void nativeOutputHasNoRemoteCode() {
        QTemporaryDir tmp;
        const auto out = tmp.filePath("native").toStdString();
        const auto summary =
            compose(makeConfig(ComposeMethod::Traditional, {perturbed(tmp, "llama", 1), perturbed(tmp, "llama", 2)}, 1, {}),
                    {.outDir = out, .native = true});
        QVERIFY(!readJson(out + "/config.json").contains("auto_map"));
        for (const auto& entry : fs::directory_iterator(out)) QVERIFY2(entry.path().extension() != ".py", entry.path().c_str());
        for (const auto& name : summary.files) QVERIFY2(!name.ends_with(".py"), name.c_str());
    }

    void embeddedFilesDefineTheAutoMapClasses() {
        QCOMPARE(remoteCodeFiles().size(), std::size_t(2));
        QTemporaryDir tmp;
        const auto dir = tmp.path().toStdString();
        const auto names = writeRemoteCode(dir);
        QCOMPARE(names, (std::vector<std::string>{kFiles[0], kFiles[1]}));
        const auto autoMap = remoteCodeAutoMap();
        for (const auto& [key, ref] : autoMap.items()) QVERIFY2(namesDefinedClass(dir, ref.get<std::string>()), key.c_str());
        // The model file imports the config class that auto_map names, from its sibling file.
        const auto modeling = readFile(dir + "/modeling_moe_studio.py");
        QVERIFY(modeling.find("from .configuration_moe_studio import MoeStudioConfig") != std::string::npos);
        QVERIFY(modeling.find("config_class = MoeStudioConfig") != std::string::npos);
    }

    void pythonFilesParse() {
        const auto python = QStandardPaths::findExecutable("python3");
        if (python.isEmpty()) QSKIP("python3 is not on PATH: syntax check skipped");
        QTemporaryDir tmp;
        writeRemoteCode(tmp.path().toStdString());
        for (const char* name : kFiles) {
            QProcess p;
            p.start(python, {"-c", "import ast,sys; ast.parse(open(sys.argv[1]).read(), sys.argv[1])", tmp.filePath(name)});
            QVERIFY(p.waitForFinished(60000));
            QVERIFY2(p.exitStatus() == QProcess::NormalExit && p.exitCode() == 0,
                     (std::string(name) + ": " + p.readAllStandardError().toStdString()).c_str());
        }
    }
};

QTEST_APPLESS_MAIN(TestComposeRemoteCode)
#include "test_compose_remote_code.moc"
