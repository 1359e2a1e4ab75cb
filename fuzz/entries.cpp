#include "fuzz/entries.h"

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace moe::fuzz {

const std::vector<Entry>& entries() {
    static const std::vector<Entry> list{
        {"safetensors_header", safetensorsHeader}, {"checkpoint_index", checkpointIndex},
        {"hparams", hparams},                      {"tokenizer", tokenizer},
        {"compose_config", composeConfig},         {"mergekit_yaml", mergekitYaml},
        {"trace", trace},
    };
    return list;
}

const Entry& entry(std::string_view name) {
    for (const auto& e : entries())
        if (name == e.name) return e;
    std::fprintf(stderr, "unknown fuzz entry '%.*s'\n", static_cast<int>(name.size()), name.data());
    std::abort();
}

void require(bool condition, const char* what) {
    if (!condition) throw std::logic_error(std::string("invariant violated: ") + what);
}

namespace {

struct Scratch {
    std::string dir;
    Scratch() {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/moe-fuzz-XXXXXX";
        require(::mkdtemp(pattern.data()) != nullptr, "cannot create a scratch folder");
        dir = pattern;
    }
    ~Scratch() {
        std::error_code ec;
        std::filesystem::remove_all(dir, ec);
    }
};

}  // namespace

const std::string& scratchDir() {
    static const Scratch scratch;
    return scratch.dir;
}

std::string writeScratch(const std::string& name, std::string_view bytes) {
    const auto path = scratchDir() + "/" + name;
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(path).parent_path(), ec);
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.close();
    require(out.good(), "cannot write a scratch file");
    return path;
}

}  // namespace moe::fuzz
