#pragma once
// The `pattern` field of Split and Replace: {"String": "..."} (matched literally) or {"Regex": "..."}.

#include "core/tokenizer/json_util.h"
#include "core/tokenizer/regex.h"

namespace moe::tok {

Regex makePattern(const Json& j, const std::string& path);

}  // namespace moe::tok
