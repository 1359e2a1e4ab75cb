// rope_parameters / rope_scaling objects -> RopeParams. Kept apart from rope.cpp (ATen) so that config
// parsing, and its fuzzer, build without LibTorch.
#include "core/model/rope.h"

#include "core/error.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace moe {
namespace {

double number(const nlohmann::json& object, const char* key, double fallback, const std::string& path,
              const std::string& keyPath) {
    if (!object.contains(key) || object[key].is_null()) return fallback;
    if (!object[key].is_number()) throw Error("not a number", {.file = path, .key = keyPath + "." + key});
    const double v = object[key].get<double>();
    if (!std::isfinite(v)) throw Error("not a finite number", {.file = path, .key = keyPath + "." + key});
    return v;
}

}  // namespace

const char* ropeTypeName(RopeType type) {
    switch (type) {
    case RopeType::Default: return "default";
    case RopeType::Linear: return "linear";
    case RopeType::Dynamic: return "dynamic";
    case RopeType::Llama3: return "llama3";
    }
    return "?";
}

RopeParams parseRopeParams(const nlohmann::json& object, RopeParams rope, const std::string& path,
                           const std::string& keyPath) {
    if (object.is_null()) return rope;
    if (!object.is_object()) throw Error("not an object", {.file = path, .key = keyPath});
    // transformers 5 writes "rope_type"; legacy rope_scaling dicts sometimes say "type".
    std::string type = "default";
    for (const char* key : {"rope_type", "type"})
        if (object.contains(key) && object[key].is_string()) {
            type = object[key].get<std::string>();
            break;
        }
    if (type == "default") rope.type = RopeType::Default;
    else if (type == "linear") rope.type = RopeType::Linear;
    else if (type == "dynamic") rope.type = RopeType::Dynamic;
    else if (type == "llama3") rope.type = RopeType::Llama3;
    else
        throw Error("unsupported rope type '" + type + "' (supported: default, linear, dynamic, llama3)",
                    {.file = path, .key = keyPath + ".rope_type"});

    rope.theta = number(object, "rope_theta", rope.theta, path, keyPath);
    rope.factor = number(object, "factor", rope.type == RopeType::Default ? 1.0 : rope.factor, path, keyPath);
    rope.lowFreqFactor = number(object, "low_freq_factor", rope.lowFreqFactor, path, keyPath);
    rope.highFreqFactor = number(object, "high_freq_factor", rope.highFreqFactor, path, keyPath);
    rope.partialRotaryFactor = number(object, "partial_rotary_factor", rope.partialRotaryFactor, path, keyPath);
    const double originalMax =
        number(object, "original_max_position_embeddings", static_cast<double>(rope.originalMaxPositions), path, keyPath);
    // Converting a double outside int64's range is undefined behaviour (1e300 was one).
    if (std::fabs(originalMax) > 1e15)
        throw Error("out of range", {.file = path, .key = keyPath + ".original_max_position_embeddings"});
    rope.originalMaxPositions = static_cast<std::int64_t>(originalMax);

    if (rope.theta <= 0) throw Error("rope_theta must be positive", {.file = path, .key = keyPath + ".rope_theta"});
    if (rope.type != RopeType::Default && rope.factor <= 0)
        throw Error("factor must be positive", {.file = path, .key = keyPath + ".factor"});
    if (rope.type == RopeType::Llama3) {
        if (rope.originalMaxPositions <= 0)
            throw Error("llama3 rope needs original_max_position_embeddings",
                        {.file = path, .key = keyPath + ".original_max_position_embeddings"});
        if (rope.highFreqFactor <= rope.lowFreqFactor)
            throw Error("high_freq_factor must exceed low_freq_factor", {.file = path, .key = keyPath});
    }
    if (rope.partialRotaryFactor <= 0 || rope.partialRotaryFactor > 1)
        throw Error("partial_rotary_factor must be in (0, 1]", {.file = path, .key = keyPath + ".partial_rotary_factor"});
    return rope;
}

}  // namespace moe
