// Building a tokenizer from the parts of tokenizer.json.

#include "core/error.h"
#include "core/tokenizer/bpe.h"
#include "core/tokenizer/tokenizer_impl.h"
#include "core/tokenizer/tokenizer_json_sax.h"
#include "core/tokenizer/unigram.h"
#include "core/tokenizer/word_models.h"

#include <stdexcept>
#include <utility>
#include <vector>

namespace moe::tok {
namespace {

// Components nest (a Sequence of Sequences of ...) and are built recursively, each level carrying its
// JSON path: absurd nesting would cost stack and quadratic memory, so it is refused first. Iterative.
constexpr std::size_t kMaxNesting = 200;  // real files nest fewer than 10 levels

void refuseDeepNesting(const Json& root) {
    std::vector<std::pair<const Json*, std::size_t>> todo{{&root, 0}};
    while (!todo.empty()) {
        const auto [j, depth] = todo.back();
        todo.pop_back();
        if (!j->is_structured()) continue;
        if (depth >= kMaxNesting) jsonError("", "JSON nested deeper than " + std::to_string(kMaxNesting) + " levels");
        for (const auto& child : *j) todo.emplace_back(&child, depth + 1);
    }
}

Vocab objectVocab(const Json& model, std::optional<Vocab>& captured) {
    if (captured) return std::move(*captured);
    const Json& v = jsonRequire(model, "vocab", "model");
    if (!v.is_object()) jsonError("model.vocab", "expected an object {token: id}");
    Vocab vocab;
    vocab.reserve(v.size());
    for (const auto& [token, id] : v.items()) {
        if (!id.is_number_integer()) jsonError("model.vocab." + token, "expected an integer id");
        vocab.set(token, id.get<std::int32_t>());
    }
    return vocab;
}

MergeList mergeList(const Json& model, TokenizerJsonParts& parts) {
    if (parts.merges) return std::move(*parts.merges);
    const Json& m = jsonArray(model, "merges", "model");
    MergeList out;
    for (std::size_t i = 0; i < m.size(); ++i) {
        const Json& e = m[i];
        if (e.is_string()) {
            const std::string s = e.get<std::string>();
            if (s.rfind("#version", 0) == 0) continue;
            const std::size_t sp = s.find(' ');
            if (sp == std::string::npos || s.find(' ', sp + 1) != std::string::npos) jsonError(indexPath("model.merges", i), "a merge must be \"a b\"");
            out.add(std::string_view(s).substr(0, sp), std::string_view(s).substr(sp + 1));
        } else if (e.is_array() && e.size() == 2 && e[0].is_string() && e[1].is_string()) {
            out.add(e[0].get<std::string>(), e[1].get<std::string>());
        } else {
            jsonError(indexPath("model.merges", i), "a merge must be \"a b\" or [a, b]");
        }
    }
    return out;
}

std::unique_ptr<Model> makeModel(TokenizerJsonParts& parts) {
    const Json& model = jsonRequire(parts.root, "model", "");
    if (!model.is_object()) jsonError("model", "expected an object");
    std::string type;
    if (model.contains("type")) type = jsonType(model, "model");
    else if (model.contains("merges")) type = "BPE";
    else if (model.contains("max_input_chars_per_word")) type = "WordPiece";
    else if (model.contains("vocab") && model["vocab"].is_array()) type = "Unigram";
    else type = "WordLevel";
    try {
        if (type == "BPE") {
            if (!model.contains("vocab") && !parts.vocab) jsonError("model.vocab", "missing vocab");
            if (!model.contains("merges") && !parts.merges) jsonError("model.merges", "missing merges");
            BpeOptions o;
            o.unkToken = jsonOptString(model, "unk_token", "model");
            o.continuingSubwordPrefix = jsonOptString(model, "continuing_subword_prefix", "model");
            o.endOfWordSuffix = jsonOptString(model, "end_of_word_suffix", "model");
            o.fuseUnk = jsonBool(model, "fuse_unk", "model", false);
            o.byteFallback = jsonBool(model, "byte_fallback", "model", false);
            o.ignoreMerges = jsonBool(model, "ignore_merges", "model", false);
            Vocab vocab = objectVocab(model, parts.vocab);
            return std::make_unique<Bpe>(std::move(vocab), mergeList(model, parts), std::move(o));
        }
        if (type == "WordPiece")
            return std::make_unique<WordPiece>(objectVocab(model, parts.vocab), jsonString(model, "unk_token", "model", "[UNK]"),
                                               jsonString(model, "continuing_subword_prefix", "model", "##"),
                                               static_cast<std::size_t>(jsonInt(model, "max_input_chars_per_word", "model", 100)));
        if (type == "Unigram") {
            const Json& v = jsonArray(model, "vocab", "model");
            std::vector<std::pair<std::string, double>> pieces;
            pieces.reserve(v.size());
            for (std::size_t i = 0; i < v.size(); ++i) {
                const Json& e = v[i];
                if (!e.is_array() || e.size() != 2 || !e[0].is_string() || !e[1].is_number())
                    jsonError(indexPath("model.vocab", i), "expected [piece, score]");
                pieces.emplace_back(e[0].get<std::string>(), e[1].get<double>());
            }
            std::optional<std::size_t> unk;
            if (const auto it = model.find("unk_id"); it != model.end() && !it->is_null()) {
                if (!it->is_number_integer() || it->get<std::int64_t>() < 0) jsonError("model.unk_id", "expected a non-negative integer or null");
                unk = it->get<std::size_t>();
            }
            return std::make_unique<Unigram>(std::move(pieces), unk, jsonBool(model, "byte_fallback", "model", false));
        }
        if (type == "WordLevel")
            return std::make_unique<WordLevel>(objectVocab(model, parts.vocab), jsonString(model, "unk_token", "model", "<unk>"));
    } catch (const std::runtime_error& e) {
        if (dynamic_cast<const Error*>(&e)) throw;
        jsonError("model", e.what());
    }
    jsonError("model.type", "unsupported model type '" + type + "'");
}

std::vector<AddedToken> addedTokens(const Json& root) {
    std::vector<AddedToken> out;
    const auto it = root.find("added_tokens");
    if (it == root.end() || it->is_null()) return out;
    if (!it->is_array()) jsonError("added_tokens", "expected an array");
    for (std::size_t i = 0; i < it->size(); ++i) {
        const Json& t = (*it)[i];
        const std::string path = indexPath("added_tokens", i);
        if (!t.is_object()) jsonError(path, "expected an object");
        AddedToken a;
        a.content = jsonString(t, "content", path);
        a.special = jsonBool(t, "special", path, false);
        a.singleWord = jsonBool(t, "single_word", path, false);
        a.lstrip = jsonBool(t, "lstrip", path, false);
        a.rstrip = jsonBool(t, "rstrip", path, false);
        a.normalized = jsonBool(t, "normalized", path, !a.special);
        out.push_back(std::move(a));
    }
    return out;
}

std::optional<Truncation> truncation(const Json& root) {
    const auto it = root.find("truncation");
    if (it == root.end() || it->is_null()) return std::nullopt;
    Truncation t;
    t.maxLength = static_cast<std::size_t>(jsonInt(*it, "max_length", "truncation", 512));
    t.left = jsonString(*it, "direction", "truncation", "Right") == "Left";
    if (jsonString(*it, "strategy", "truncation", "LongestFirst") == "OnlySecond")
        jsonError("truncation.strategy", "OnlySecond truncation needs a pair of sequences");
    return t;
}

std::optional<Padding> padding(const Json& root) {
    const auto it = root.find("padding");
    if (it == root.end() || it->is_null()) return std::nullopt;
    Padding p;
    // Every encoding is padded up to these lengths: bounded, so a file cannot ask for billions of tokens
    // (real files pad to a few thousand).
    constexpr std::int64_t kMaxPadLength = 1 << 20;
    const auto length = [&](const Json& j, const char* key, const std::string& path) {
        const std::int64_t n = jsonInt(j, key, path);
        if (n < 0 || n > kMaxPadLength) jsonError(joinPath(path, key), "expected a length in [0, " + std::to_string(kMaxPadLength) + "]");
        return static_cast<std::size_t>(n);
    };
    const auto strategy = it->find("strategy");
    if (strategy != it->end() && strategy->is_object() && strategy->contains("Fixed"))
        p.fixed = length(*strategy, "Fixed", "padding.strategy");
    else if (strategy != it->end() && !(strategy->is_string() && strategy->get<std::string>() == "BatchLongest"))
        jsonError("padding.strategy", "expected \"BatchLongest\" or {\"Fixed\": n}");
    p.left = jsonString(*it, "direction", "padding", "Right") == "Left";
    if (const auto m = it->find("pad_to_multiple_of"); m != it->end() && m->is_number_integer())
        p.multipleOf = length(*it, "pad_to_multiple_of", "padding");
    p.padId = static_cast<std::int32_t>(jsonInt(*it, "pad_id", "padding", 0));
    p.padTypeId = static_cast<std::int32_t>(jsonInt(*it, "pad_type_id", "padding", 0));
    p.padToken = jsonString(*it, "pad_token", "padding", "[PAD]");
    return p;
}

bool present(const Json& root, const char* key) {
    const auto it = root.find(key);
    return it != root.end() && !it->is_null();
}

}  // namespace

std::unique_ptr<TokenizerImpl> loadTokenizerJson(std::string_view text) {
    TokenizerJsonParts parts = parseTokenizerJson(text);
    const Json& root = parts.root;
    refuseDeepNesting(root);
    if (present(root, "version")) {
        const std::string v = jsonString(root, "version", "");
        if (v != "1.0") jsonError("version", "unknown tokenizer version '" + v + "'");
    }
    auto impl = std::make_unique<TokenizerImpl>();
    if (present(root, "normalizer")) impl->normalizer = makeNormalizer(root["normalizer"], "normalizer");
    if (present(root, "pre_tokenizer")) impl->preTokenizer = makePreTokenizer(root["pre_tokenizer"], "pre_tokenizer");
    if (present(root, "post_processor")) impl->postProcessor = makePostProcessor(root["post_processor"], "post_processor");
    if (present(root, "decoder")) impl->decoder = makeDecoder(root["decoder"], "decoder");
    impl->truncation = truncation(root);
    impl->padding = padding(root);
    impl->model = makeModel(parts);
    try {
        impl->added.addTokens(addedTokens(root), *impl->model, impl->normalizer.get());
    } catch (const std::runtime_error& e) {
        if (dynamic_cast<const Error*>(&e)) throw;
        jsonError("added_tokens", e.what());
    }
    return impl;
}

}  // namespace moe::tok
