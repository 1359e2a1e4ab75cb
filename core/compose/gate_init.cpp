#include "core/compose/gate_init.h"

#include "core/error.h"
#include "core/io/checkpoint.h"
#include "core/io/read_file.h"
#include "core/io/tensor_bridge.h"
#include "core/model/arch.h"
#include "core/model/hparams.h"
#include "core/model/model.h"
#include "core/tokenizer/tokenizer.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <filesystem>

namespace fs = std::filesystem;

namespace moe {

std::string gateInitModelDir(const ComposeConfig& config) {
    if (!config.baseModel.empty()) return config.baseModel;
    return config.experts.empty() ? std::string() : config.experts[0].path;
}

const char* gateInitModelKey(const ComposeConfig& config) {
    return config.baseModel.empty() ? "experts[0].model_id" : "base_model";
}

std::string gateInitBosText(const Tokenizer& tokenizer, const std::string& dir) {
    if (tokenizer.config().bosToken) return *tokenizer.config().bosToken;
    // transformers fills special tokens tokenizer_config.json leaves unset from special_tokens_map.json.
    const auto path = fs::path(dir) / "special_tokens_map.json";
    std::error_code ec;
    if (!fs::exists(path, ec)) return {};
    const auto j = nlohmann::json::parse(readFileBytes(path.string(), kMaxJsonFileBytes), nullptr, false);
    if (!j.is_object() || !j.contains("bos_token")) return {};
    const auto& b = j["bos_token"];
    if (b.is_string()) return b.get<std::string>();
    if (b.is_object() && b.contains("content") && b["content"].is_string()) return b["content"].get<std::string>();
    return {};
}

std::vector<std::int64_t> gateInitPromptIds(const Tokenizer& tokenizer, const std::string& bosText, const std::string& prompt) {
    const auto enc = tokenizer.encode(bosText + prompt, false);
    return {enc.ids.begin(), enc.ids.end()};
}

std::vector<ConfigProblem> gateInitProblems(const ComposeConfig& config) {
    if (config.gateInit == GateInit::Random || config.experts.empty()) return {};
    const auto dir = gateInitModelDir(config);
    std::error_code ec;
    if (dir.empty() || !fs::is_directory(dir, ec)) return {};  // the folder itself is reported by the expert checks
    if (fs::exists(fs::path(dir) / "tokenizer.json", ec)) return {};
    return {{gateInitModelKey(config), std::string("gate_init ") + gateInitName(config.gateInit) +
                                           " tokenizes the prompts with this folder's tokenizer.json, which is missing"}};
}

namespace {

// The prompts of one expert as token ids, each checked against the model's vocabulary.
struct PromptSet {
    std::vector<std::vector<std::int64_t>> ids;
};

PromptSet tokenize(const Tokenizer& tok, const std::string& bos, const std::vector<std::string>& prompts, std::int64_t vocab,
                   const std::string& key) {
    PromptSet set;
    for (std::size_t i = 0; i < prompts.size(); ++i) {
        const auto k = key + "[" + std::to_string(i) + "]";
        auto ids = gateInitPromptIds(tok, bos, prompts[i]);
        if (ids.empty()) throw Error("the prompt has no tokens", {.key = k});
        for (const auto id : ids)
            if (id < 0 || id >= vocab)
                throw Error("token id " + std::to_string(id) + " is outside the model's vocabulary of " + std::to_string(vocab), {.key = k});
        set.ids.push_back(std::move(ids));
    }
    return set;
}

at::Tensor normalised(const at::Tensor& v) { return v / v.norm(2, -1, true).clamp_min(1e-8); }

// cheap_embed, one prompt set: the embeddings of every token of every prompt summed, normalised. [H]
at::Tensor cheapEmbedding(const at::Tensor& embed, const PromptSet& set) {
    auto sum = at::zeros({embed.size(1)}, at::kFloat);
    for (const auto& ids : set.ids)
        sum += embed.index_select(0, at::tensor(ids, at::kLong)).to(at::kFloat).sum(0);
    return normalised(sum);
}

// hidden, one prompt set: the hidden state entering every block at each prompt's last token, averaged
// over the prompts. [L, H]
at::Tensor lastTokenStates(const Model& model, const PromptSet& set) {
    at::Tensor sum;
    for (const auto& ids : set.ids) {
        const auto out = model.forward(at::tensor(ids, at::kLong).unsqueeze(0), {.hiddenStates = true, .routerLogits = false});
        std::vector<at::Tensor> rows;
        for (std::size_t L = 0; L + 1 < out.hiddenStates.size(); ++L) rows.push_back(out.hiddenStates[L][0][-1]);
        const auto states = at::stack(rows);  // hiddenStates[L] enters block L; the last one (after the final norm) is left out
        sum = sum.defined() ? sum + states : states;
    }
    return sum / static_cast<double>(set.ids.size());
}

}  // namespace

std::map<std::string, at::Tensor> computeGateInit(const ComposeConfig& config, const std::vector<PlannedTensor>& tensors,
                                                  const std::function<void(const std::string&)>& onMessage) {
    std::map<std::string, at::Tensor> out;
    if (config.gateInit == GateInit::Random) return out;
    const auto say = [&](const std::string& m) {
        if (onMessage) onMessage(m);
    };
    const std::string mode = gateInitName(config.gateInit);
    const auto dir = gateInitModelDir(config);
    const auto tok = Tokenizer::fromDir(dir);
    const auto bos = gateInitBosText(tok, dir);
    const auto hp = loadHParams(dir);
    const auto E = config.experts.size();

    // vectors[e]: [L, H] (hidden) or [H] (cheap_embed, the same for every block).
    std::vector<at::Tensor> vectors(E);
    if (config.gateInit == GateInit::CheapEmbed) {
        say("gate_init cheap_embed: embedding the prompts with " + dir);
        const Checkpoint ck(dir);
        const auto embed = tensorView(ck, hp.arch->names.embed);
        for (std::size_t e = 0; e < E; ++e) {
            const auto& x = config.experts[e];
            const auto key = "experts[" + std::to_string(e) + "].";
            auto v = cheapEmbedding(embed, tokenize(tok, bos, x.positivePrompts, embed.size(0), key + "positive_prompts"));
            if (!x.negativePrompts.empty())
                v = v - cheapEmbedding(embed, tokenize(tok, bos, x.negativePrompts, embed.size(0), key + "negative_prompts"));
            vectors[e] = normalised(v).contiguous();  // a copy: the checkpoint mapping closes on return
        }
    } else {
        say("gate_init hidden: loading " + dir);
        const auto model = Model::load(dir, hp.dtype == "bfloat16" ? at::kBFloat16 : at::kFloat);
        for (std::size_t e = 0; e < E; ++e) {
            const auto& x = config.experts[e];
            say("gate_init hidden: running the prompts of expert " + std::to_string(e + 1) + "/" + std::to_string(E) + " (" + x.name + ")");
            const auto key = "experts[" + std::to_string(e) + "].";
            auto v = lastTokenStates(*model, tokenize(tok, bos, x.positivePrompts, hp.vocabSize, key + "positive_prompts"));
            if (!x.negativePrompts.empty())
                v = v - lastTokenStates(*model, tokenize(tok, bos, x.negativePrompts, hp.vocabSize, key + "negative_prompts"));
            vectors[e] = normalised(v);
        }
    }

    for (const auto& t : tensors) {
        if (t.kind != PlannedTensor::Kind::Router) continue;
        const auto dot = t.site.find('.');
        const int layer = std::stoi(t.site.substr(0, dot));
        const auto proj = dot == std::string::npos ? std::string() : t.site.substr(dot + 1);
        // Validation refuses these; a plan that still has one is a bug, not something to paper over.
        if (proj == "self_attn.o_proj" || proj == "mlp.down_proj" || t.shape.size() != 2 || t.shape[1] != hp.hidden ||
            t.shape[0] != static_cast<std::int64_t>(E))
            throw Error("gate_init " + mode + " gives hidden-size vectors; router " + t.name + " reads " + (proj.empty() ? "the block" : proj),
                        {.tensor = t.name});
        std::vector<at::Tensor> rows;
        for (const auto& v : vectors) rows.push_back(v.dim() == 1 ? v : v[layer]);
        out[t.name] = at::stack(rows).contiguous();
    }
    say("gate_init " + mode + ": " + std::to_string(out.size()) + " routers set from the prompts");
    return out;
}

}  // namespace moe
