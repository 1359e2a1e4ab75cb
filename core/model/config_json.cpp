#include "core/model/config_json.h"

#include <cmath>

namespace moe::cfg {

std::optional<std::int64_t> optInt(const nlohmann::json& c, const std::string& key, const std::string& path,
                                   std::int64_t min, std::int64_t max) {
    const auto* v = get(c, key);
    if (!v) return std::nullopt;
    std::int64_t value = 0;
    if (v->is_number_integer()) {
        if (v->is_number_unsigned() && v->get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX))
            throw Error("integer out of range", {.file = path, .key = key});
        value = v->get<std::int64_t>();
    } else if (v->is_number_float() && std::isfinite(v->get<double>()) && std::floor(v->get<double>()) == v->get<double>() &&
               std::fabs(v->get<double>()) < 9e15) {
        value = static_cast<std::int64_t>(v->get<double>());  // 4096.0 is accepted, as Python would
    } else {
        throw Error("expected an integer, got " + v->dump(), {.file = path, .key = key});
    }
    if (value < min || value > max)
        throw Error("value " + std::to_string(value) + " out of range [" + std::to_string(min) + ", " +
                        std::to_string(max) + "]",
                    {.file = path, .key = key});
    return value;
}

std::int64_t requireInt(const nlohmann::json& c, const std::string& key, const std::string& path, std::int64_t min,
                        std::int64_t max) {
    const auto v = optInt(c, key, path, min, max);
    if (!v) throw Error("missing", {.file = path, .key = key});
    return *v;
}

std::optional<double> optNumber(const nlohmann::json& c, const std::string& key, const std::string& path) {
    const auto* v = get(c, key);
    if (!v) return std::nullopt;
    if (!v->is_number()) throw Error("expected a number, got " + v->dump(), {.file = path, .key = key});
    const double d = v->get<double>();
    if (!std::isfinite(d)) throw Error("not a finite number", {.file = path, .key = key});
    return d;
}

std::optional<bool> optBool(const nlohmann::json& c, const std::string& key, const std::string& path) {
    const auto* v = get(c, key);
    if (!v) return std::nullopt;
    if (!v->is_boolean()) throw Error("expected true or false, got " + v->dump(), {.file = path, .key = key});
    return v->get<bool>();
}

std::optional<std::string> optString(const nlohmann::json& c, const std::string& key, const std::string& path) {
    const auto* v = get(c, key);
    if (!v) return std::nullopt;
    if (!v->is_string()) throw Error("expected a string, got " + v->dump(), {.file = path, .key = key});
    return v->get<std::string>();
}

}  // namespace moe::cfg
