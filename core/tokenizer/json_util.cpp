#include "core/tokenizer/json_util.h"

#include "core/error.h"
#include "core/tokenizer/unicode.h"

namespace moe::tok {

void jsonError(const std::string& path, const std::string& message) {
    Error::Context ctx;
    ctx.key = path;
    throw Error(message, ctx);
}

std::string joinPath(const std::string& path, const std::string& key) { return path.empty() ? key : path + "." + key; }

std::string indexPath(const std::string& path, std::size_t i) { return path + "[" + std::to_string(i) + "]"; }

std::string jsonType(const Json& j, const std::string& path) {
    if (!j.is_object()) jsonError(path, "expected an object");
    const auto it = j.find("type");
    if (it == j.end() || !it->is_string()) jsonError(joinPath(path, "type"), "missing component type");
    return it->get<std::string>();
}

const Json& jsonRequire(const Json& j, const char* key, const std::string& path) {
    const auto it = j.find(key);
    if (it == j.end()) jsonError(joinPath(path, key), "missing field");
    return *it;
}

std::string jsonString(const Json& j, const char* key, const std::string& path, const std::optional<std::string>& fallback) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (fallback) return *fallback;
        jsonError(joinPath(path, key), "missing string");
    }
    if (!it->is_string()) jsonError(joinPath(path, key), "expected a string");
    return it->get<std::string>();
}

std::optional<std::string> jsonOptString(const Json& j, const char* key, const std::string& path) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) return std::nullopt;
    if (!it->is_string()) jsonError(joinPath(path, key), "expected a string or null");
    return it->get<std::string>();
}

bool jsonBool(const Json& j, const char* key, const std::string& path, std::optional<bool> fallback) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (fallback) return *fallback;
        jsonError(joinPath(path, key), "missing boolean");
    }
    if (!it->is_boolean()) jsonError(joinPath(path, key), "expected a boolean");
    return it->get<bool>();
}

std::int64_t jsonInt(const Json& j, const char* key, const std::string& path, std::optional<std::int64_t> fallback) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (fallback) return *fallback;
        jsonError(joinPath(path, key), "missing integer");
    }
    if (!it->is_number_integer()) jsonError(joinPath(path, key), "expected an integer");
    return it->get<std::int64_t>();
}

const Json& jsonArray(const Json& j, const char* key, const std::string& path) {
    const Json& a = jsonRequire(j, key, path);
    if (!a.is_array()) jsonError(joinPath(path, key), "expected an array");
    return a;
}

char32_t jsonChar(const Json& j, const char* key, const std::string& path, std::optional<char32_t> fallback) {
    const auto it = j.find(key);
    if (it == j.end() || it->is_null()) {
        if (fallback) return *fallback;
        jsonError(joinPath(path, key), "missing character");
    }
    if (!it->is_string()) jsonError(joinPath(path, key), "expected a one-character string");
    const std::string s = it->get<std::string>();
    std::size_t len = 0;
    if (s.empty() || (len = utf8SeqLen(static_cast<unsigned char>(s[0])), len != s.size()))
        jsonError(joinPath(path, key), "expected exactly one character");
    return decodeUtf8(s, 0, len);
}

}  // namespace moe::tok
