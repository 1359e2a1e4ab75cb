#include "core/routing/trace.h"

#include "core/error.h"
#include "core/io/safetensors_reader.h"
#include "core/io/safetensors_writer.h"

#include <nlohmann/json.hpp>

#include <climits>
#include <cstring>

namespace moe {

using nlohmann::json;

void Trace::validate(const std::string& path) const {
    const auto S = numSites(), T = numTokens(), E = numExperts();
    if (E == 0) throw Error("trace has no experts", {.file = path, .key = "experts"});
    if (tokens.size() != T)
        throw Error("has " + std::to_string(tokens.size()) + " token strings for " + std::to_string(T) + " input ids",
                    {.file = path, .key = "tokens"});
    if (weights.size() != S * T * E) throw Error("size does not match [sites, tokens, experts]", {.file = path, .tensor = "weights"});
    if (logits.size() != S * T * E) throw Error("size does not match [sites, tokens, experts]", {.file = path, .tensor = "logits"});
    if (topK < 1 || static_cast<std::size_t>(topK) > E)
        throw Error("top_k " + std::to_string(topK) + " out of range [1, " + std::to_string(E) + "]", {.file = path, .key = "top_k"});
}

void writeTrace(const std::string& path, const Trace& t) {
    t.validate(path);
    const auto S = static_cast<std::int64_t>(t.numSites()), T = static_cast<std::int64_t>(t.numTokens()),
               E = static_cast<std::int64_t>(t.numExperts());
    json sites = json::array();
    for (const auto& s : t.sites) {
        json site = {{"layer", s.layer}, {"proj", s.proj}};
        if (!s.direction.empty()) site["direction"] = s.direction;
        sites.push_back(site);
    }
    const std::map<std::string, std::string> metadata{
        {"format", kTraceFormat},      {"model", t.model},
        {"method", t.method},          {"experts", json(t.experts).dump()},
        {"sites", sites.dump()},       {"tokens", json(t.tokens).dump()},
        {"text", t.text},              {"top_k", std::to_string(t.topK)}};
    writeSafetensorsFile(path,
                         {{TensorSpec{"input_ids", DType::I64, {T}}, t.inputIds.data()},
                          {TensorSpec{"logits", DType::F32, {S, T, E}}, t.logits.data()},
                          {TensorSpec{"weights", DType::F32, {S, T, E}}, t.weights.data()}},
                         metadata);
}

namespace {

json metadataJson(const std::map<std::string, std::string>& m, const std::string& key, const std::string& path) {
    const auto it = m.find(key);
    if (it == m.end()) throw Error("trace metadata lacks '" + key + "'", {.file = path, .key = key});
    try {
        return json::parse(it->second);
    } catch (const json::exception&) {
        throw Error("trace metadata value is not valid JSON", {.file = path, .key = key});
    }
}

// nlohmann's get<int>() casts a float such as 1e300 to int, which is undefined behaviour: integers only.
int intValue(const json& v, const std::string& path, const std::string& key) {
    const bool ok = v.is_number_unsigned() ? v.get<std::uint64_t>() <= INT_MAX
                                           : v.is_number_integer() && v.get<std::int64_t>() >= INT_MIN && v.get<std::int64_t>() <= INT_MAX;
    if (!ok) throw Error("expected an integer, got " + v.dump(), {.file = path, .key = key});
    return v.get<int>();
}

template <typename T>
std::vector<T> copyTensor(const SafetensorsFile& f, const std::string& name, DType dtype, std::size_t count) {
    const auto& info = f.at(name);
    if (info.dtype != dtype)
        throw Error("expected dtype " + std::string(dtypeName(dtype)) + ", found " + std::string(dtypeName(info.dtype)),
                    {.file = f.path(), .tensor = name});
    if (info.numel() != count) throw Error("has " + std::to_string(info.numel()) + " elements, expected " + std::to_string(count),
                                           {.file = f.path(), .tensor = name});
    std::vector<T> out(count);
    if (count) std::memcpy(out.data(), f.data(info), count * sizeof(T));
    return out;
}

}  // namespace

Trace readTrace(const std::string& path) {
    const SafetensorsFile f(path);
    const auto& m = f.metadata();
    const auto format = m.find("format");
    if (format == m.end() || format->second != kTraceFormat)
        throw Error(std::string("not a MoE Studio routing trace (format must be ") + kTraceFormat + ")", {.file = path, .key = "format"});
    Trace t;
    try {
        t.model = m.count("model") ? m.at("model") : "";
        t.method = m.count("method") ? m.at("method") : "";
        t.text = m.count("text") ? m.at("text") : "";
        t.experts = metadataJson(m, "experts", path).get<std::vector<std::string>>();
        t.tokens = metadataJson(m, "tokens", path).get<std::vector<std::string>>();
        for (const auto& s : metadataJson(m, "sites", path))
            t.sites.push_back({intValue(s.at("layer"), path, "sites"), s.at("proj").get<std::string>(), s.value("direction", std::string())});
        t.topK = intValue(metadataJson(m, "top_k", path), path, "top_k");
    } catch (const json::exception& e) {
        throw Error(std::string("malformed trace metadata: ") + e.what(), {.file = path});
    }
    const auto& ids = f.at("input_ids");
    if (ids.shape.size() != 1) throw Error("input_ids must be 1-D", {.file = path, .tensor = "input_ids"});
    const auto T = static_cast<std::size_t>(ids.shape[0]);
    t.inputIds = copyTensor<std::int64_t>(f, "input_ids", DType::I64, T);
    // S x T x E from the metadata must not wrap around and so match a small tensor by accident.
    std::size_t n = 0;
    if (__builtin_mul_overflow(t.sites.size(), T, &n) || __builtin_mul_overflow(n, t.experts.size(), &n))
        throw Error("sites x tokens x experts (" + std::to_string(t.sites.size()) + " x " + std::to_string(T) + " x " +
                        std::to_string(t.experts.size()) + ") overflows",
                    {.file = path, .key = "sites"});
    t.weights = copyTensor<float>(f, "weights", DType::F32, n);
    t.logits = copyTensor<float>(f, "logits", DType::F32, n);
    t.validate(path);
    return t;
}

}  // namespace moe
