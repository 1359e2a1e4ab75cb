// Composition throughput and memory: 4 synthetic Llama-shaped experts of ~250 M parameters (bf16) composed
// with BTX over the three MLP projections of every block. Reference, measured in the same run: copying the
// same expert files with a plain read/write loop (cp-like, 4 MiB buffer). Compose runs in a child process
// so its peak RSS is measured alone. Goals: throughput >= 0.5x the copy; peak RSS <= 2x the largest
// output tensor + a constant. Usage: bench_compose [WORKDIR] (default: the system temp folder).

#include "core/compose/composer.h"
#include "core/io/tensor_bridge.h"

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fcntl.h>
#include <fstream>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kVocab = 32000, kHidden = 1024, kInter = 3072, kLayers = 16, kHeads = 16;

void writeExpert(const fs::path& dir, int seed) {
    fs::create_directories(dir);
    const nlohmann::json config = {{"model_type", "llama"}, {"vocab_size", kVocab}, {"hidden_size", kHidden},
                                   {"intermediate_size", kInter}, {"num_hidden_layers", kLayers},
                                   {"num_attention_heads", kHeads}, {"num_key_value_heads", kHeads},
                                   {"tie_word_embeddings", false}, {"dtype", "bfloat16"}};
    std::ofstream(dir / "config.json") << config.dump(2);
    at::manual_seed(seed);
    std::vector<std::pair<std::string, at::Tensor>> t;
    const auto w = [](std::int64_t o, std::int64_t i) { return (at::randn({o, i}) * 0.02).to(at::kBFloat16); };
    t.emplace_back("model.embed_tokens.weight", w(kVocab, kHidden));
    t.emplace_back("lm_head.weight", w(kVocab, kHidden));
    t.emplace_back("model.norm.weight", at::ones({kHidden}, at::kBFloat16));
    for (std::int64_t L = 0; L < kLayers; ++L) {
        const auto p = "model.layers." + std::to_string(L) + ".";
        for (const char* n : {"input_layernorm", "post_attention_layernorm"}) t.emplace_back(p + n + ".weight", at::ones({kHidden}, at::kBFloat16));
        for (const char* n : {"q_proj", "k_proj", "v_proj", "o_proj"}) t.emplace_back(p + "self_attn." + n + ".weight", w(kHidden, kHidden));
        t.emplace_back(p + "mlp.gate_proj.weight", w(kInter, kHidden));
        t.emplace_back(p + "mlp.up_proj.weight", w(kInter, kHidden));
        t.emplace_back(p + "mlp.down_proj.weight", w(kHidden, kInter));
    }
    moe::writeTensors((dir / "model.safetensors").string(), t);
}

double copyLikeCp(const std::vector<fs::path>& files, const fs::path& to, std::uint64_t* bytes) {
    fs::create_directories(to);
    std::vector<char> buf(4 << 20);
    const auto t0 = std::chrono::steady_clock::now();
    for (std::size_t i = 0; i < files.size(); ++i) {
        std::ifstream in(files[i], std::ios::binary);
        std::ofstream out(to / ("copy" + std::to_string(i)), std::ios::binary);
        while (in.read(buf.data(), static_cast<std::streamsize>(buf.size())) || in.gcount() > 0) {
            out.write(buf.data(), in.gcount());
            *bytes += static_cast<std::uint64_t>(in.gcount());
        }
        out.flush();
        const int fd = ::open((to / ("copy" + std::to_string(i))).c_str(), O_RDONLY);  // durable, like compose's commit
        ::fsync(fd);
        ::close(fd);
    }
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

int main(int argc, char** argv) {
    const fs::path work = fs::path(argc > 1 ? argv[1] : fs::temp_directory_path().string()) / ("moe-bench-compose-" + std::to_string(::getpid()));
    std::vector<fs::path> experts;
    moe::ComposeConfig config;
    config.method = moe::ComposeMethod::Btx;
    config.modelType = "llamabtx";
    config.topK = 2;
    config.routerLayers = {"mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"};
    for (int i = 0; i < 4; ++i) {
        experts.push_back(work / ("expert" + std::to_string(i)));
        writeExpert(experts.back(), i);
        config.experts.push_back({"e" + std::to_string(i), experts.back().string(), {}, {}});
    }
    std::vector<fs::path> files;
    std::uint64_t inputBytes = 0;
    for (const auto& e : experts) {
        files.push_back(e / "model.safetensors");
        inputBytes += fs::file_size(files.back());
    }
    std::printf("bench_compose: 4 experts x %.0f M parameters (bf16), %.2f GB in\n", static_cast<double>(inputBytes) / 2 / 4 / 1e6,
                static_cast<double>(inputBytes) / 1e9);

    std::uint64_t copied = 0;
    const double copyTime = copyLikeCp(files, work / "copy", &copied);
    fs::remove_all(work / "copy");

    // The child starts with the parent's resident pages (LibTorch's code and data): report them as the constant.
    long pages = 0, resident = 0;
    std::ifstream("/proc/self/statm") >> pages >> resident;
    const double baseMb = static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE)) / 1048576.0;
    const auto t0 = std::chrono::steady_clock::now();
    const pid_t child = ::fork();
    if (child == 0) {
        try {
            moe::compose(config, {.outDir = (work / "out").string()});
            ::_exit(0);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "%s\n", e.what());
            ::_exit(1);
        }
    }
    int status = 0;
    rusage usage{};
    ::wait4(child, &status, 0, &usage);
    const double composeTime = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::uint64_t outBytes = 0;
    for (const auto& f : fs::directory_iterator(work / "out")) outBytes += fs::file_size(f.path());
    const double largest = static_cast<double>(kVocab * kHidden * 2);  // embed / lm_head, bf16
    std::printf("copy (cp-like): %.2f GB in %.2f s = %.2f GB/s\n", static_cast<double>(copied) / 1e9, copyTime, static_cast<double>(copied) / 1e9 / copyTime);
    std::printf("compose (BTX, mlp x 16 blocks): read %.2f GB, wrote %.2f GB in %.2f s = %.2f GB/s read | ratio vs copy %.2f (goal >= 0.5)\n",
                static_cast<double>(inputBytes) / 1e9, static_cast<double>(outBytes) / 1e9, composeTime,
                static_cast<double>(inputBytes) / 1e9 / composeTime, (static_cast<double>(inputBytes) / composeTime) / (static_cast<double>(copied) / copyTime));
    const double peakMb = static_cast<double>(usage.ru_maxrss) / 1024, largestMb = largest / 1048576;
    std::printf("compose peak RSS %.0f MB = process at start %.0f MB + %.0f MB; largest output tensor %.0f MB -> %.1fx (goal <= 2x + constant) (exit %d)\n",
                peakMb, baseMb, peakMb - baseMb, largestMb, (peakMb - baseMb) / largestMb, WEXITSTATUS(status));
    fs::remove_all(work);
    return WEXITSTATUS(status);
}
