#include "compose_fixtures.h"

#include "core/io/checkpoint.h"
#include "core/io/safetensors_reader.h"
#include "core/io/tensor_bridge.h"
#include "core/model/model.h"

#include <ATen/ATen.h>
#include <QTemporaryDir>

#include <filesystem>

namespace fs = std::filesystem;

namespace moe::testing {

ComposeConfig makeConfig(ComposeMethod method, std::vector<std::string> experts, int k, std::vector<std::string> routerLayers) {
    ComposeConfig c;
    c.method = method;
    c.modelType = "composed";
    c.topK = k;
    for (std::size_t i = 0; i < experts.size(); ++i) c.experts.push_back({"expert" + std::to_string(i), experts[i], {}, {}});
    c.routerLayers = std::move(routerLayers);
    c.seed = 7;
    return c;
}

at::Tensor referenceIds(const std::string& fixture) {
    const SafetensorsFile ref(kModels + "/" + fixture + "/reference.safetensors");
    return tensorView(ref, ref.at("input_ids")).clone();
}

at::Tensor logitsOf(const std::string& dir, const at::Tensor& ids) { return Model::load(dir)->forward(ids).logits; }

double maxDiff(const at::Tensor& a, const at::Tensor& b) { return (a - b).abs().max().item<double>(); }

std::string perturbed(const QTemporaryDir& tmp, const std::string& fixture, int seed) {
    const auto dir = tmp.filePath(QString::fromStdString(fixture + "_p" + std::to_string(seed))).toStdString();
    fs::create_directories(dir);
    fs::copy_file(kModels + "/" + fixture + "/config.json", dir + "/config.json");
    const Checkpoint ck(kModels + "/" + fixture);
    at::manual_seed(seed);
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const auto& n : ck.names()) {
        const auto t = tensorView(ck, n);
        tensors.emplace_back(n, t * (1 + 0.1 * at::randn_like(t)));
    }
    writeTensors(dir + "/model.safetensors", tensors);
    return dir;
}

void rewriteCheckpoint(const std::string& dir, const std::function<void(const std::string&, at::Tensor&)>& edit) {
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    {
        const Checkpoint ck(dir);
        for (const auto& n : ck.names()) {
            auto t = tensorView(ck, n).clone();
            edit(n, t);
            if (t.defined()) tensors.emplace_back(n, t);
        }
    }
    for (const auto& entry : fs::directory_iterator(dir)) {
        const auto name = entry.path().filename().string();
        if (name.find(".safetensors") != std::string::npos) fs::remove(entry.path());
    }
    writeTensors(dir + "/model.safetensors", tensors);
}

}  // namespace moe::testing
