// moe inspect DIR [--json]: architecture, dtype, parameter count, layers, experts, routers, tokenizer.

#include "app/cli/commands.h"
#include "core/io/checkpoint.h"
#include "core/model/arch.h"
#include "core/model/hparams.h"
#include "core/model/weights.h"

#include <nlohmann/json.hpp>

#include <cstdio>
#include <filesystem>
#include <iostream>

namespace moe::cli {
namespace {

std::string indexList(const std::vector<bool>& flags) {
    std::string s;
    for (std::size_t i = 0; i < flags.size(); ++i)
        if (flags[i]) {
            if (!s.empty()) s += ',';
            s += std::to_string(i);
        }
    return s.empty() ? "none" : s;
}

std::vector<int> indices(const std::vector<bool>& flags) {
    std::vector<int> out;
    for (std::size_t i = 0; i < flags.size(); ++i)
        if (flags[i]) out.push_back(static_cast<int>(i));
    return out;
}

std::string humanCount(double n) {
    char buf[64];
    if (n >= 1e9) std::snprintf(buf, sizeof buf, "%.2f B", n / 1e9);
    else if (n >= 1e6) std::snprintf(buf, sizeof buf, "%.2f M", n / 1e6);
    else if (n >= 1e3) std::snprintf(buf, sizeof buf, "%.1f K", n / 1e3);
    else std::snprintf(buf, sizeof buf, "%.0f", n);
    return buf;
}

}  // namespace

int runInspect(const Args& args) {
    ArgReader reader(args);
    const bool asJson = reader.flag("--json");
    reader.requireNoUnknown();
    const auto pos = reader.positionals();
    if (pos.size() != 1) throw UsageError("expects exactly one model folder");
    const auto& dir = pos[0];

    const HParams hp = loadHParams(dir);
    const Checkpoint ck(dir);
    const auto params = countParameters(ck);
    const bool tokenizer = std::filesystem::exists(std::filesystem::path(dir) / "tokenizer.json");
    std::vector<std::string> routers;
    for (std::int64_t L = 0; L < hp.numLayers; ++L) {
        const auto l = static_cast<std::size_t>(L);
        if (hp.composed && hp.composed->blockRouted[l]) {
            if (hp.composed->method == "traditional") routers.push_back(std::to_string(L));
            for (const auto& p : hp.composed->method == "btx" ? hp.composed->routerLayers : std::vector<std::string>{})
                routers.push_back(std::to_string(L) + "." + p);
        } else if (hp.arch->moe && hp.layerIsMoe[l]) {
            routers.push_back(std::to_string(L));
        }
    }
    if (hp.composed)  // BTS: the stitch gates are its routing sites
        for (const auto& p : hp.composed->stitches) routers.push_back(std::to_string(p.layer).append(".stitch"));
    std::vector<std::string> files;
    for (const auto& f : ck.files()) files.push_back(std::filesystem::path(f->path()).filename().string());

    if (asJson) {
        nlohmann::json j = {
            {"path", dir}, {"model_type", hp.modelType}, {"architecture", hp.arch->displayName},
            {"dtype", hp.dtype}, {"parameters", params}, {"layers", hp.numLayers},
            {"hidden_size", hp.hidden}, {"intermediate_size", hp.intermediate}, {"vocab_size", hp.vocabSize},
            {"num_attention_heads", hp.numHeads}, {"num_key_value_heads", hp.numKvHeads}, {"head_dim", hp.headDim},
            {"tied_embeddings", hp.tieEmbeddings}, {"sliding_window", hp.slidingWindow ? nlohmann::json(*hp.slidingWindow) : nlohmann::json()},
            {"sliding_layers", indices(hp.layerSliding)}, {"experts", hp.numExperts}, {"top_k", hp.topK},
            {"moe_method", hp.composed ? nlohmann::json(hp.composed->method) : nlohmann::json()},
            {"routers", routers}, {"tokenizer", tokenizer}, {"files", files}, {"bytes", ck.totalBytes()}};
        std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";  // a path need not be UTF-8
        return 0;
    }
    std::printf("model:         %s\n", dir.c_str());
    std::printf("architecture:  %s (%s)\n", hp.arch->displayName.c_str(), hp.modelType.c_str());
    std::printf("dtype:         %s\n", hp.dtype.c_str());
    std::printf("parameters:    %s (%lld)\n", humanCount(static_cast<double>(params)).c_str(), static_cast<long long>(params));
    std::printf("layers:        %lld (hidden %lld, intermediate %lld, vocab %lld)\n", (long long)hp.numLayers,
                (long long)hp.hidden, (long long)hp.intermediate, (long long)hp.vocabSize);
    std::printf("attention:     %lld heads, %lld kv heads, head_dim %lld, sliding layers: %s\n", (long long)hp.numHeads,
                (long long)hp.numKvHeads, (long long)hp.headDim, indexList(hp.layerSliding).c_str());
    if (hp.composed && hp.composed->method == "bts")
        std::printf("composed:      bts, hub + %lld expert streams, %zu stitch layers (base architecture %s)\n",
                    (long long)hp.numExperts - 1, hp.composed->stitches.size(), hp.arch->modelType.c_str());
    else if (hp.composed)
        std::printf("composed:      %s, %lld experts, top-%lld (base architecture %s)\n", hp.composed->method.c_str(),
                    (long long)hp.numExperts, (long long)hp.topK, hp.arch->modelType.c_str());
    else if (hp.arch->moe)
        std::printf("experts:       %lld per MoE block, top-%lld, MoE blocks: %s\n", (long long)hp.numExperts,
                    (long long)hp.topK, indexList(hp.layerIsMoe).c_str());
    else
        std::printf("experts:       none (dense model)\n");
    std::printf("routers:       %zu%s\n", routers.size(), routers.empty() ? "" : (" (" + routers.front() + (routers.size() > 1 ? " … " + routers.back() : "") + ")").c_str());
    std::printf("tokenizer:     %s\n", tokenizer ? "tokenizer.json" : "missing");
    std::printf("files:         %zu, %s bytes\n", files.size(), humanCount(static_cast<double>(ck.totalBytes())).c_str());
    return 0;
}

}  // namespace moe::cli
