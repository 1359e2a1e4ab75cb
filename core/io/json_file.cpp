#include "core/io/json_file.h"

#include "core/error.h"
#include "core/io/read_file.h"

#include <nlohmann/json.hpp>

namespace moe {
namespace {

struct TooDeep {};

template <typename Json>
Json parseLimited(std::string_view text, const std::string& path) {
    // The callback sees the depth of every value as it is parsed; we stop before the structure gets deep.
    const typename Json::parser_callback_t limit = [](int depth, nlohmann::json::parse_event_t event, Json&) {
        if (depth >= kMaxJsonDepth &&
            (event == nlohmann::json::parse_event_t::object_start || event == nlohmann::json::parse_event_t::array_start))
            throw TooDeep{};
        return true;
    };
    try {
        return Json::parse(text.begin(), text.end(), limit);
    } catch (const TooDeep&) {
        throw Error("JSON nested deeper than " + std::to_string(kMaxJsonDepth) + " levels", {.file = path});
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("not valid JSON: ") + e.what(), {.file = path});
    }
}

}  // namespace

nlohmann::json parseJson(std::string_view text, const std::string& path) { return parseLimited<nlohmann::json>(text, path); }

nlohmann::ordered_json parseOrderedJson(std::string_view text, const std::string& path) {
    return parseLimited<nlohmann::ordered_json>(text, path);
}

nlohmann::json readJsonFile(const std::string& path, std::uint64_t maxBytes) { return parseJson(readFileBytes(path, maxBytes), path); }

}  // namespace moe
