#include "core/routing/route_text.h"

#include "core/error.h"
#include "core/model/model.h"
#include "core/routing/capture.h"
#include "core/tokenizer/tokenizer.h"
#include "core/tokenizer/unicode.h"

#include <ATen/ATen.h>

namespace moe {

std::vector<std::string> tokenDisplayStrings(const Encoding& enc, const std::string& text) {
    // Byte offset of every code point (and of the end), so character offsets slice the UTF-8 text.
    std::vector<std::size_t> starts;
    for (std::size_t i = 0; i < text.size(); i += std::max<std::size_t>(1, tok::utf8SeqLen(static_cast<unsigned char>(text[i]))))
        starts.push_back(i);
    starts.push_back(text.size());
    const auto chars = static_cast<std::int64_t>(starts.size()) - 1;
    std::vector<std::string> out;
    std::pair<std::int64_t, std::int64_t> previous{-1, -1};
    std::int64_t covered = 0;  // characters already shown
    for (std::size_t i = 0; i < enc.size(); ++i) {
        const auto [b, e] = enc.offsets[i];
        const bool special = i < enc.specialTokensMask.size() && enc.specialTokensMask[i];
        const bool repeat = enc.offsets[i] == previous && b < e;
        const bool usable = !special && b < e && b >= 0 && e <= chars && !repeat;
        previous = enc.offsets[i];
        if (!usable) {
            out.push_back(repeat && !special ? std::string() : enc.tokens[i]);
            continue;
        }
        // Whitespace the offsets leave out (trim_offsets) belongs to the token after it, as in its string.
        const auto from = starts[static_cast<std::size_t>(std::min(b, covered))];
        out.push_back(text.substr(from, starts[static_cast<std::size_t>(e)] - from));
        covered = std::max(covered, e);
    }
    return out;
}

TokenizedText tokenizeForRouting(const Tokenizer& tokenizer, const std::string& rawText) {
    if (rawText.empty()) throw Error("the text is empty");
    TokenizedText out;
    out.text = tok::utf8Lossy(rawText);  // what the tokenizer's character offsets refer to
    const auto enc = tokenizer.encode(out.text, true);
    if (enc.size() == 0) throw Error("the text gives no tokens");
    out.ids.assign(enc.ids.begin(), enc.ids.end());
    out.tokens = tokenDisplayStrings(enc, out.text);
    return out;
}

Trace routeTokens(const Model& model, const TokenizedText& tokens, const std::string& modelName) {
    const auto ids = at::tensor(tokens.ids, at::kLong);
    return captureTrace(model, ids, tokens.tokens, tokens.text, modelName);
}

Trace routeText(const Model& model, const Tokenizer& tokenizer, const std::string& rawText, const std::string& modelName) {
    return routeTokens(model, tokenizeForRouting(tokenizer, rawText), modelName);
}

}  // namespace moe
