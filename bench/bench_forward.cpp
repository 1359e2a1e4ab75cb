// Forward throughput of the native runtime on a ~100M-parameter Llama-shaped model with random weights
// (written to a real safetensors checkpoint and loaded through the normal path), batch 1 x 512 tokens,
// fp32 and bf16. The reference, measured in the same run, is a bare chain of at::mm / at::bmm with the
// same shapes and FLOPs as the model's matrix products; the ratio reference_time / our_time says how
// much of the machine's matmul speed the whole forward keeps (goal: >= 0.6).

#include "core/io/tensor_bridge.h"
#include "core/model/model.h"
#include "core/model/runtime_config.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdlib>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>

namespace {

struct Shape {
    std::int64_t vocab = 32000, hidden = 768, inter = 2048, layers = 12, heads = 12, kvHeads = 4, T = 512;
    std::int64_t headDim() const { return hidden / heads; }
};

double medianSeconds(const std::function<void()>& fn, int reps) {
    fn();  // warm-up
    std::vector<double> times;
    for (int i = 0; i < reps; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        fn();
        times.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count());
    }
    std::sort(times.begin(), times.end());
    return times[times.size() / 2];
}

std::string writeRandomModel(const Shape& s) {
    namespace fs = std::filesystem;
    const auto dir = fs::temp_directory_path() / ("moe-bench-" + std::to_string(::getpid()));
    fs::create_directories(dir);
    nlohmann::json config = {{"model_type", "llama"},           {"vocab_size", s.vocab},
                             {"hidden_size", s.hidden},         {"intermediate_size", s.inter},
                             {"num_hidden_layers", s.layers},   {"num_attention_heads", s.heads},
                             {"num_key_value_heads", s.kvHeads}, {"max_position_embeddings", 4096},
                             {"rms_norm_eps", 1e-6},            {"tie_word_embeddings", true},
                             {"hidden_act", "silu"},            {"dtype", "float32"}};
    std::ofstream(dir / "config.json") << config.dump(2);
    at::manual_seed(0);
    const auto hd = s.headDim();
    std::vector<std::pair<std::string, at::Tensor>> t;
    const auto rnd = [](std::vector<std::int64_t> shape) { return at::randn(shape) * 0.02; };
    t.emplace_back("model.embed_tokens.weight", rnd({s.vocab, s.hidden}));
    t.emplace_back("model.norm.weight", at::ones({s.hidden}));
    for (std::int64_t L = 0; L < s.layers; ++L) {
        const auto p = "model.layers." + std::to_string(L) + ".";
        t.emplace_back(p + "input_layernorm.weight", at::ones({s.hidden}));
        t.emplace_back(p + "post_attention_layernorm.weight", at::ones({s.hidden}));
        t.emplace_back(p + "self_attn.q_proj.weight", rnd({s.heads * hd, s.hidden}));
        t.emplace_back(p + "self_attn.k_proj.weight", rnd({s.kvHeads * hd, s.hidden}));
        t.emplace_back(p + "self_attn.v_proj.weight", rnd({s.kvHeads * hd, s.hidden}));
        t.emplace_back(p + "self_attn.o_proj.weight", rnd({s.hidden, s.heads * hd}));
        t.emplace_back(p + "mlp.gate_proj.weight", rnd({s.inter, s.hidden}));
        t.emplace_back(p + "mlp.up_proj.weight", rnd({s.inter, s.hidden}));
        t.emplace_back(p + "mlp.down_proj.weight", rnd({s.hidden, s.inter}));
    }
    moe::writeTensors((dir / "model.safetensors").string(), t, {{"format", "pt"}});
    return dir.string();
}

// The model's matrix products, bare: per layer q/k/v/o, scores and context bmm, gate/up/down; lm_head.
struct MmChain {
    struct Layer {
        at::Tensor q, k, v, o, gate, up, down;  // [in, out]
    };
    std::vector<Layer> layers;
    at::Tensor lmHead, x, h, q, k, v, probs;

    MmChain(const Shape& s, at::ScalarType dtype) {
        const auto hd = s.headDim();
        const auto opt = at::TensorOptions().dtype(dtype);
        const auto w = [&](std::int64_t in, std::int64_t out) { return at::randn({in, out}, opt); };
        for (std::int64_t L = 0; L < s.layers; ++L)
            layers.push_back({w(s.hidden, s.heads * hd), w(s.hidden, s.kvHeads * hd), w(s.hidden, s.kvHeads * hd),
                              w(s.heads * hd, s.hidden), w(s.hidden, s.inter), w(s.hidden, s.inter), w(s.inter, s.hidden)});
        lmHead = w(s.hidden, s.vocab);
        x = at::randn({s.T, s.hidden}, opt);
        h = at::randn({s.T, s.inter}, opt);
        q = at::randn({s.heads, s.T, hd}, opt);
        k = at::randn({s.heads, hd, s.T}, opt);
        v = at::randn({s.heads, s.T, hd}, opt);
        probs = at::randn({s.heads, s.T, s.T}, opt);
    }

    void run() const {
        for (const auto& l : layers) {
            for (const auto* w : {&l.q, &l.k, &l.v, &l.o, &l.gate, &l.up}) (void)at::mm(x, *w);
            (void)at::bmm(q, k);
            (void)at::bmm(probs, v);
            (void)at::mm(h, l.down);
        }
        (void)at::mm(x, lmHead);
    }
};

}  // namespace

int main() {
    moe::configureRuntime();  // before the first print, so the thread count shown is the one used
    const Shape s;
    std::printf("bench_forward: Llama-shaped, hidden %lld, %lld layers, intermediate %lld, heads %lld/%lld, vocab %lld, "
                "1 x %lld tokens, %d threads\n",
                (long long)s.hidden, (long long)s.layers, (long long)s.inter, (long long)s.heads, (long long)s.kvHeads,
                (long long)s.vocab, (long long)s.T, at::get_num_threads());
    const auto dir = writeRandomModel(s);
    const auto ids = at::randint(0, s.vocab, {1, s.T}, at::kLong);
    for (auto dtype : {at::kFloat, at::kBFloat16}) {
        const auto model = moe::Model::load(dir, dtype);
        const double params = static_cast<double>(model->hparams().paramCountHint);
        const moe::ForwardOptions opts{.hiddenStates = false, .routerLogits = false};
        const double ours = medianSeconds([&] { model->forward(ids, opts); }, 5);
        const MmChain chain(s, dtype);
        const double ref = medianSeconds([&] { chain.run(); }, 5);
        std::printf("%-5s params %.1f M: forward %.3f s (%.0f tokens/s) | mm chain %.3f s | ratio %.2f\n",
                    dtype == at::kFloat ? "fp32" : "bf16", params / 1e6, ours, static_cast<double>(s.T) / ours, ref,
                    ref / ours);
    }
    if (!std::getenv("MOE_BENCH_KEEP")) std::filesystem::remove_all(dir);
    return 0;
}
