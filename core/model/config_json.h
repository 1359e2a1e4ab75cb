#pragma once
// Typed access to config.json values with errors that name the file and the key.

#include "core/error.h"

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>

namespace moe::cfg {

// The value under `key`, or nullptr when it is missing or JSON null.
inline const nlohmann::json* get(const nlohmann::json& c, const std::string& key) {
    const auto it = c.find(key);
    return it == c.end() || it->is_null() ? nullptr : &*it;
}

std::optional<std::int64_t> optInt(const nlohmann::json& c, const std::string& key, const std::string& path,
                                   std::int64_t min = 0, std::int64_t max = INT64_MAX);
std::int64_t requireInt(const nlohmann::json& c, const std::string& key, const std::string& path,
                        std::int64_t min = 1, std::int64_t max = INT64_MAX);
std::optional<double> optNumber(const nlohmann::json& c, const std::string& key, const std::string& path);
std::optional<bool> optBool(const nlohmann::json& c, const std::string& key, const std::string& path);
std::optional<std::string> optString(const nlohmann::json& c, const std::string& key, const std::string& path);

}  // namespace moe::cfg
