#include "core/demo/demo_model.h"

#include "core/demo/demo_corpus.h"
#include "core/io/checkpoint.h"
#include "core/io/tensor_bridge.h"

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <nlohmann/json.hpp>

#include <string>

namespace moe::demo {

void writeInitialModel(const std::filesystem::path& dir, const ModelShape& s, std::uint64_t seed) {
    std::filesystem::create_directories(dir);
    const int endOfText = s.vocab - 1;  // <|endoftext|>, the tokenizer's last id
    const nlohmann::json config = {
        {"architectures", {"LlamaForCausalLM"}}, {"model_type", "llama"}, {"vocab_size", s.vocab},
        {"hidden_size", s.hidden}, {"intermediate_size", s.intermediate}, {"num_hidden_layers", s.layers},
        {"num_attention_heads", s.heads}, {"num_key_value_heads", s.heads}, {"head_dim", s.hidden / s.heads},
        {"max_position_embeddings", 1024}, {"rms_norm_eps", 1e-5}, {"rope_theta", 10000.0}, {"hidden_act", "silu"},
        {"initializer_range", 0.02}, {"tie_word_embeddings", false}, {"attention_bias", false}, {"mlp_bias", false},
        {"torch_dtype", "float32"}, {"bos_token_id", endOfText}, {"eos_token_id", endOfText}};
    writeText(dir / "config.json", config.dump(2) + "\n");
    writeTokenizer(dir);

    auto gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    const auto normal = [&](std::int64_t rows, std::int64_t cols) {
        return at::normal(0.0, 0.02, {rows, cols}, gen, at::TensorOptions().dtype(at::kFloat));
    };
    const std::int64_t H = s.hidden, I = s.intermediate, V = s.vocab;
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    tensors.emplace_back("model.embed_tokens.weight", normal(V, H));
    for (int L = 0; L < s.layers; ++L) {
        std::string p = "model.layers.";
        p += std::to_string(L);
        p += '.';
        for (const char* proj : {"q_proj", "k_proj", "v_proj", "o_proj"}) tensors.emplace_back(p + "self_attn." + proj + ".weight", normal(H, H));
        tensors.emplace_back(p + "mlp.gate_proj.weight", normal(I, H));
        tensors.emplace_back(p + "mlp.up_proj.weight", normal(I, H));
        tensors.emplace_back(p + "mlp.down_proj.weight", normal(H, I));
        tensors.emplace_back(p + "input_layernorm.weight", at::ones({H}));
        tensors.emplace_back(p + "post_attention_layernorm.weight", at::ones({H}));
    }
    tensors.emplace_back("model.norm.weight", at::ones({H}));
    tensors.emplace_back("lm_head.weight", normal(V, H));
    writeTensors((dir / "model.safetensors").string(), tensors, {{"format", "pt"}});
}

void writeBranchStart(const std::filesystem::path& seedDir, const std::filesystem::path& initDir, const std::filesystem::path& dir) {
    std::filesystem::create_directories(dir);
    const Checkpoint seed(seedDir.string()), init(initDir.string());
    std::vector<std::pair<std::string, at::Tensor>> tensors;
    for (const auto& name : seed.names()) {
        const bool mlp = name.find(".mlp.") != std::string::npos;
        tensors.emplace_back(name, tensorView(mlp ? init : seed, name));
    }
    writeTensors((dir / "model.safetensors").string(), tensors, {{"format", "pt"}});
    for (const char* f : {"config.json", "tokenizer.json", "tokenizer_config.json"})
        std::filesystem::copy_file(seedDir / f, dir / f, std::filesystem::copy_options::overwrite_existing);
}

}  // namespace moe::demo
