#include "core/model/arch.h"

#include "core/model/arch_config.h"

#include <algorithm>

namespace moe {
namespace {

ArchSpec llamaLike(std::string type, std::string name) {
    ArchSpec a;
    a.modelType = std::move(type);
    a.displayName = std::move(name);
    return a;
}

std::vector<ArchSpec> buildTable() {
    std::vector<ArchSpec> t;

    t.push_back(llamaLike("llama", "Llama"));
    {
        auto a = llamaLike("mistral", "Mistral");
        a.defaultSlidingWindow = 4096;
        t.push_back(a);
    }
    {
        auto a = llamaLike("qwen2", "Qwen2");
        a.sliding = SlidingDefault::QwenWindow;
        a.defaultSlidingWindow = 4096;
        t.push_back(a);
    }
    {
        auto a = llamaLike("qwen3", "Qwen3");
        a.qkNorm = QkNorm::PerHead;
        a.names.qNorm = "self_attn.q_norm";
        a.names.kNorm = "self_attn.k_norm";
        a.sliding = SlidingDefault::QwenWindow;
        a.defaultSlidingWindow = 4096;
        t.push_back(a);
    }
    {
        auto a = llamaLike("gemma", "Gemma");
        a.norm = NormKind::RmsPlusOne;
        a.defaultActivation = Activation::GeluTanh;
        a.embedScale = true;
        a.tieByDefault = true;
        t.push_back(a);
    }
    {
        auto a = llamaLike("gemma2", "Gemma 2");
        a.norm = NormKind::RmsPlusOne;
        a.layout = BlockLayout::Sandwich;
        a.defaultActivation = Activation::GeluTanh;
        a.embedScale = true;
        a.tieByDefault = true;
        a.sliding = SlidingDefault::Alternate;
        a.defaultSlidingWindow = 4096;
        a.defaultAttnSoftcap = 50.0;
        a.defaultFinalSoftcap = 30.0;
        a.names.postAttnNorm = "post_attention_layernorm";
        a.names.ffnNorm = "pre_feedforward_layernorm";
        a.names.postFfnNorm = "post_feedforward_layernorm";
        a.readConfig = readGemmaConfig;
        t.push_back(a);
    }
    {
        auto a = t.back();  // Gemma 3 text = Gemma 2 + per-head q/k norm + local/global RoPE
        a.modelType = "gemma3_text";
        a.displayName = "Gemma 3 (text)";
        a.qkNorm = QkNorm::PerHead;
        a.names.qNorm = "self_attn.q_norm";
        a.names.kNorm = "self_attn.k_norm";
        a.sliding = SlidingDefault::Pattern;
        a.defaultAttnSoftcap = a.defaultFinalSoftcap = 0;  // Gemma 3 defaults both to None
        t.push_back(a);
    }
    {
        auto a = llamaLike("phi3", "Phi-3");
        a.names.qkv = "self_attn.qkv_proj";
        a.names.q = a.names.k = a.names.v = "";
        a.names.gateUp = "mlp.gate_up_proj";
        a.names.gate = a.names.up = "";
        t.push_back(a);
    }
    {
        auto a = llamaLike("olmo2", "OLMo 2");
        a.norm = NormKind::RmsWeightF32;
        a.layout = BlockLayout::PostNorm;
        a.qkNorm = QkNorm::Full;
        a.names.qNorm = "self_attn.q_norm";
        a.names.kNorm = "self_attn.k_norm";
        a.names.attnNorm = "";
        a.names.postAttnNorm = "post_attention_layernorm";
        a.names.ffnNorm = "";
        a.names.postFfnNorm = "post_feedforward_layernorm";
        t.push_back(a);
    }
    {
        ArchSpec a;
        a.modelType = "gpt2";
        a.displayName = "GPT-2";
        a.norm = NormKind::LayerNorm;
        a.defaultActivation = Activation::GeluTanh;
        a.gatedMlp = false;
        a.conv1d = true;
        a.tieByDefault = true;
        auto& n = a.names;
        n.embed = "transformer.wte.weight";
        n.positions = "transformer.wpe.weight";
        n.finalNorm = "transformer.ln_f";
        n.lmHead = "lm_head.weight";
        n.layer = "transformer.h.{L}.";
        n.attnNorm = "ln_1";
        n.ffnNorm = "ln_2";
        n.q = n.k = n.v = "";
        n.qkv = "attn.c_attn";
        n.o = "attn.c_proj";
        n.gate = "";
        n.up = "mlp.c_fc";
        n.down = "mlp.c_proj";
        a.configAliases = {{"hidden_size", "n_embd"},
                           {"num_hidden_layers", "n_layer"},
                           {"num_attention_heads", "n_head"},
                           {"max_position_embeddings", "n_positions"},
                           {"intermediate_size", "n_inner"}};
        a.readConfig = readGpt2Config;
        t.push_back(a);
    }
    {
        auto a = llamaLike("mixtral", "Mixtral");
        a.moe = true;
        auto& n = a.names;
        n.gate = n.up = n.down = "";
        // transformers < 5 and most Hub checkpoints: block_sparse_moe.*; transformers 5: mlp.*
        n.router = "block_sparse_moe.gate|mlp.gate";
        n.expertGate = "block_sparse_moe.experts.{E}.w1|mlp.experts.{E}.w1|mlp.experts.{E}.gate_proj";
        n.expertUp = "block_sparse_moe.experts.{E}.w3|mlp.experts.{E}.w3|mlp.experts.{E}.up_proj";
        n.expertDown = "block_sparse_moe.experts.{E}.w2|mlp.experts.{E}.w2|mlp.experts.{E}.down_proj";
        n.fusedGateUp = "mlp.experts.gate_up_proj|block_sparse_moe.experts.gate_up_proj";
        n.fusedDown = "mlp.experts.down_proj|block_sparse_moe.experts.down_proj";
        a.readConfig = readMoeConfig;
        t.push_back(a);
    }
    for (const char* type : {"qwen2_moe", "qwen3_moe"}) {
        auto a = llamaLike(type, std::string(type) == "qwen2_moe" ? "Qwen2-MoE" : "Qwen3-MoE");
        a.moe = true;
        a.sliding = SlidingDefault::QwenWindow;
        auto& n = a.names;
        n.router = "mlp.gate";
        n.expertGate = "mlp.experts.{E}.gate_proj";
        n.expertUp = "mlp.experts.{E}.up_proj";
        n.expertDown = "mlp.experts.{E}.down_proj";
        n.fusedGateUp = "mlp.experts.gate_up_proj";
        n.fusedDown = "mlp.experts.down_proj";
        // Dense layers of a sparse model (mlp_only_layers, decoder_sparse_step) keep mlp.*_proj.
        if (a.modelType == "qwen2_moe") {
            n.sharedGate = "mlp.shared_expert.gate_proj";
            n.sharedUp = "mlp.shared_expert.up_proj";
            n.sharedDown = "mlp.shared_expert.down_proj";
            n.sharedExpertGate = "mlp.shared_expert_gate";
        } else {
            a.qkNorm = QkNorm::PerHead;
            n.qNorm = "self_attn.q_norm";
            n.kNorm = "self_attn.k_norm";
        }
        a.readConfig = readMoeConfig;
        t.push_back(a);
    }
    return t;
}

const std::vector<ArchSpec>& table() {
    static const std::vector<ArchSpec> rows = buildTable();
    return rows;
}

}  // namespace

const ArchSpec* findArch(std::string_view modelType) {
    for (const auto& a : table())
        if (a.modelType == modelType) return &a;
    return nullptr;
}

std::vector<std::string> supportedModelTypes() {
    std::vector<std::string> out;
    for (const auto& a : table()) out.push_back(a.modelType);
    return out;
}

}  // namespace moe
