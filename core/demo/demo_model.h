#pragma once
// The common initialisation of the demo's experts: a tiny Llama (config.json, model.safetensors in
// float32, the demo tokenizer) with weights drawn from a seeded generator as transformers initialises
// them (normal, std 0.02; norms 1), so the same seed gives the same bytes.

#include <cstdint>
#include <filesystem>

namespace moe::demo {

struct ModelShape {
    int hidden = 96;
    int intermediate = 192;
    int layers = 4;
    int heads = 4;
    int vocab = 1024;  // the demo tokenizer's size
};

void writeInitialModel(const std::filesystem::path& dir, const ModelShape& shape, std::uint64_t seed);

// The starting point of every expert branch: the trained seed model (`seedDir`) with the MLP weights of
// the initial model (`initDir`), written to `dir` with the seed's config and tokenizer. Each expert's MLP
// then learns its domain alone, while the attention, norms and embeddings that BTX averages are shared.
void writeBranchStart(const std::filesystem::path& seedDir, const std::filesystem::path& initDir, const std::filesystem::path& dir);

}  // namespace moe::demo
