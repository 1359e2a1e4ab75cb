#pragma once
// JSON from the user's files (config.json, composition and training configs, indexes, manifests). The
// text is parsed by nlohmann/json, whose parser is iterative but whose copy and dump recurse once per
// nesting level: a file of a million '[' would overflow the stack long after parsing. Nesting is limited
// to kMaxJsonDepth levels (real files use fewer than 10) and every failure is a moe::Error naming the file.

#include <nlohmann/json_fwd.hpp>

#include <cstdint>
#include <string>
#include <string_view>

namespace moe {

inline constexpr int kMaxJsonDepth = 200;

// Throws moe::Error {file = path}: "not valid JSON: ..." or "JSON nested deeper than 200 levels".
nlohmann::json parseJson(std::string_view text, const std::string& path);
nlohmann::ordered_json parseOrderedJson(std::string_view text, const std::string& path);

// readFileBytes(path, maxBytes) + parseJson.
nlohmann::json readJsonFile(const std::string& path, std::uint64_t maxBytes);

}  // namespace moe
