#pragma once
// Reading tokenizer.json components: typed getters that report the JSON path of what is wrong
// ("pre_tokenizer.pretokenizers[1].type") through moe::Error.

#include <nlohmann/json.hpp>

#include <optional>
#include <string>

namespace moe::tok {

using Json = nlohmann::json;

[[noreturn]] void jsonError(const std::string& path, const std::string& message);

std::string joinPath(const std::string& path, const std::string& key);
std::string indexPath(const std::string& path, std::size_t i);

// The component's "type" (required).
std::string jsonType(const Json& j, const std::string& path);
const Json& jsonRequire(const Json& j, const char* key, const std::string& path);
std::string jsonString(const Json& j, const char* key, const std::string& path, const std::optional<std::string>& fallback = std::nullopt);
std::optional<std::string> jsonOptString(const Json& j, const char* key, const std::string& path);
bool jsonBool(const Json& j, const char* key, const std::string& path, std::optional<bool> fallback = std::nullopt);
std::int64_t jsonInt(const Json& j, const char* key, const std::string& path, std::optional<std::int64_t> fallback = std::nullopt);
const Json& jsonArray(const Json& j, const char* key, const std::string& path);
// A JSON string holding exactly one character (Rust `char` fields).
char32_t jsonChar(const Json& j, const char* key, const std::string& path, std::optional<char32_t> fallback = std::nullopt);

}  // namespace moe::tok
