#include "model_variants.h"

#include "core/io/checkpoint.h"
#include "core/io/safetensors_writer.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdexcept>

namespace moe::test {

using nlohmann::json;

namespace {

// rope_parameters {rope_type, rope_theta, ...} -> (rope_theta, rope_scaling or null, partial factor).
void splitRope(const json& rp, json& out, const char* thetaKey) {
    out[thetaKey] = rp.value("rope_theta", 10000.0);
    json scaling = rp;
    scaling.erase("rope_theta");
    if (scaling.contains("partial_rotary_factor")) {
        out["partial_rotary_factor"] = scaling["partial_rotary_factor"];
        scaling.erase("partial_rotary_factor");
    }
    if (scaling.value("rope_type", "default") != "default") {
        scaling["type"] = scaling["rope_type"];  // some legacy configs say "type"
        scaling.erase("rope_type");
        out["rope_scaling"] = scaling;
    } else if (thetaKey == std::string("rope_theta")) {
        out["rope_scaling"] = nullptr;
    }
}

}  // namespace

json toLegacyConfig(const json& config) {
    json c = config;
    if (c.contains("dtype")) {
        c["torch_dtype"] = c["dtype"];
        c.erase("dtype");
    }
    if (c.contains("rope_parameters")) {
        const json rp = c["rope_parameters"];
        c.erase("rope_parameters");
        if (rp.contains("full_attention")) {
            splitRope(rp["full_attention"], c, "rope_theta");
            splitRope(rp["sliding_attention"], c, "rope_local_base_freq");
        } else {
            splitRope(rp, c, "rope_theta");
        }
    }
    if (c.contains("layer_types")) {
        const json types = c["layer_types"];
        c.erase("layer_types");
        c.erase("_sliding_window_pattern");
        const auto type = c.value("model_type", "");
        if (type == "gemma3_text") {
            // Find the sliding_window_pattern that reproduces the layer types.
            for (int p = 1; p <= static_cast<int>(types.size()) + 1; ++p) {
                bool ok = true;
                for (std::size_t i = 0; i < types.size(); ++i)
                    ok = ok && ((types[i] == "sliding_attention") == ((i + 1) % p != 0));
                if (ok) {
                    c["sliding_window_pattern"] = p;
                    break;
                }
            }
        }
    }
    return c;
}

void writeShardedVariant(const std::string& from, const std::string& to, const json& config, std::uint64_t shardBytes) {
    namespace fs = std::filesystem;
    fs::create_directories(to);
    const Checkpoint ck(from);
    auto names = ck.names();
    std::reverse(names.begin(), names.end());
    std::vector<TensorSpec> specs;
    for (const auto& n : names) specs.push_back({n, ck.info(n).dtype, ck.info(n).shape});
    SafetensorsWriter writer(to, specs, {.maxShardBytes = shardBytes, .baseName = "model", .metadata = {{"format", "pt"}}});
    for (const auto& n : names) writer.write(n, ck.data(n), ck.info(n).nbytes());
    writer.commit();
    std::ofstream(fs::path(to) / "config.json") << config.dump(2);
}

}  // namespace moe::test
