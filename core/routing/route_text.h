#pragma once
// Routing a text: tokenize it with the model folder's tokenizer (special tokens as the model expects),
// run the model and record the trace, with each token displayed as the text it covers.

#include "core/routing/trace.h"

#include <cstdint>
#include <string>
#include <vector>

namespace moe {

class Model;
class Tokenizer;
struct Encoding;

// One display string per token: the characters its offsets cover in `text`, plus any characters no
// token covered just before it (whitespace that trim_offsets leaves out), so the strings of a plain
// text concatenate back to it. Special tokens show their token string; further pieces of a character
// split into bytes (byte fallback, byte-level BPE) show nothing: the first piece shows the character.
std::vector<std::string> tokenDisplayStrings(const Encoding& encoding, const std::string& text);

// A text tokenized for routing: the text the offsets refer to (invalid UTF-8 replaced), the ids with the
// model's special tokens, and one display string per id.
struct TokenizedText {
    std::string text;
    std::vector<std::int64_t> ids;
    std::vector<std::string> tokens;
};

// The two halves of routeText, so that a caller (the GUI's worker) can report each phase and skip the
// forward pass when the work was cancelled in between. Throws moe::Error for an empty text or one that
// tokenizes to nothing.
TokenizedText tokenizeForRouting(const Tokenizer& tokenizer, const std::string& text);
Trace routeTokens(const Model& model, const TokenizedText& tokens, const std::string& modelName);

// tokenizeForRouting + routeTokens.
Trace routeText(const Model& model, const Tokenizer& tokenizer, const std::string& text, const std::string& modelName);

}  // namespace moe
