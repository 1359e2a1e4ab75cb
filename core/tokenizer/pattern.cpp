#include "core/tokenizer/pattern.h"

#include <stdexcept>

namespace moe::tok {

Regex makePattern(const Json& j, const std::string& path) {
    if (j.is_string()) return Regex::literal(j.get<std::string>());  // a bare string is a literal pattern
    if (!j.is_object() || j.size() != 1) jsonError(path, "expected {\"String\": ...} or {\"Regex\": ...}");
    const auto it = j.begin();
    const std::string kind = it.key();
    const Json& value = it.value();
    if (!value.is_string()) jsonError(joinPath(path, kind), "expected a string");
    try {
        if (kind == "String") return Regex::literal(value.get<std::string>());
        if (kind == "Regex") return Regex(value.get<std::string>());
    } catch (const std::runtime_error& e) {
        jsonError(joinPath(path, kind), e.what());
    }
    jsonError(path, "unknown pattern kind '" + kind + "'");
}

}  // namespace moe::tok
