#include "core/tokenizer/tokenizer.h"

#include "core/error.h"
#include "core/io/mapped_file.h"
#include "core/io/read_file.h"
#include "core/tokenizer/tokenizer_impl.h"
#include "core/tokenizer/unicode.h"

#include <cstdio>
#include <filesystem>

namespace moe {
namespace {

std::optional<std::string> configToken(const tok::Json& config, const char* key) {
    const auto it = config.find(key);
    if (it == config.end()) return std::nullopt;
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object() && it->contains("content") && (*it)["content"].is_string()) return (*it)["content"].get<std::string>();
    return std::nullopt;
}

std::optional<bool> configBool(const tok::Json& config, const char* key) {
    const auto it = config.find(key);
    if (it == config.end() || !it->is_boolean()) return std::nullopt;
    return it->get<bool>();
}

}  // namespace

Tokenizer::Tokenizer(std::unique_ptr<tok::TokenizerImpl> impl) : m(std::move(impl)) {}
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;
Tokenizer::~Tokenizer() = default;

Tokenizer Tokenizer::fromJson(std::string_view json, const std::string& source) {
    try {
        return Tokenizer(tok::loadTokenizerJson(json));
    } catch (const Error& e) {
        throw Error(e.message(), {source, {}, e.context().key});
    }
}

Tokenizer Tokenizer::fromFile(const std::string& path) {
    std::error_code ec;  // the throwing overload escapes as std::filesystem_error (e.g. a name too long)
    if (std::filesystem::is_directory(path, ec)) return fromDir(path);
    const MappedFile file(path);  // no copy of a 33 MB file
    if (file.size() > kMaxTokenizerFileBytes)
        throw Error("a tokenizer.json of " + std::to_string(file.size() >> 20) + " MB is over the limit of " +
                        std::to_string(kMaxTokenizerFileBytes >> 20) + " MB",
                    {path, {}, {}});
    return fromJson(std::string_view(reinterpret_cast<const char*>(file.data()), file.size()), path);
}

Tokenizer Tokenizer::fromDir(const std::string& dir) {
    const auto file = std::filesystem::path(dir) / "tokenizer.json";
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) throw Error("no tokenizer.json in this folder", {dir, {}, {}});
    Tokenizer t = fromFile(file.string());
    const auto configFile = std::filesystem::path(dir) / "tokenizer_config.json";
    if (std::filesystem::exists(configFile, ec)) {
        tok::Json config;
        try {
            config = tok::Json::parse(readFileBytes(configFile.string(), kMaxJsonFileBytes));
        } catch (const tok::Json::exception& e) {
            throw Error(std::string("invalid JSON: ") + e.what(), {configFile.string(), {}, {}});
        }
        if (config.is_object()) {
            TokenizerConfig& c = t.m->config;
            c.bosToken = configToken(config, "bos_token");
            c.eosToken = configToken(config, "eos_token");
            c.padToken = configToken(config, "pad_token");
            c.unkToken = configToken(config, "unk_token");
            c.addBosToken = configBool(config, "add_bos_token");
            c.addEosToken = configBool(config, "add_eos_token");
        }
    }
    return t;
}

Encoding Tokenizer::encode(std::string_view input, bool addSpecialTokens) const {
    std::string text = tok::isValidUtf8(input) ? std::string(input) : tok::utf8Lossy(input);
    Encoding enc;
    try {
        tok::PreTokenizedString p = m->added.extractAndNormalize(m->normalizer.get(), std::move(text));
        if (m->preTokenizer) m->preTokenizer->preTokenize(p);
        const tok::Model& model = *m->model;
        p.tokenize([&](const tok::NormalizedString& n) { return model.tokenize(n.get()); });
        enc = p.intoEncoding(0);
    } catch (const std::runtime_error& e) {
        if (dynamic_cast<const Error*>(&e)) throw;
        throw Error(std::string("cannot encode: ") + e.what());
    }
    if (m->truncation) {
        std::size_t maxLen = m->truncation->maxLength;
        const std::size_t added = m->postProcessor && addSpecialTokens ? m->postProcessor->addedTokens() : 0;
        maxLen = maxLen > added ? maxLen - added : 0;
        if (enc.size() > maxLen) {
            const std::size_t from = m->truncation->left ? enc.size() - maxLen : 0;
            auto cut = [&](auto& v) { v = std::decay_t<decltype(v)>(v.begin() + static_cast<std::ptrdiff_t>(from),
                                                                   v.begin() + static_cast<std::ptrdiff_t>(from + maxLen)); };
            cut(enc.ids), cut(enc.tokens), cut(enc.offsets), cut(enc.typeIds), cut(enc.specialTokensMask);
        }
    }
    if (m->postProcessor) m->postProcessor->process(enc, addSpecialTokens);
    if (m->padding) {
        const tok::Padding& pad = *m->padding;
        std::size_t target = pad.fixed.value_or(enc.size());
        if (pad.multipleOf && *pad.multipleOf > 0 && target % *pad.multipleOf != 0) target += *pad.multipleOf - target % *pad.multipleOf;
        if (enc.size() < target) {
            Encoding fill;
            for (std::size_t k = enc.size(); k < target; ++k) fill.push(pad.padId, pad.padToken, {0, 0}, pad.padTypeId, true);
            if (pad.left) {
                fill.append(std::move(enc));
                enc = std::move(fill);
            } else {
                enc.append(std::move(fill));
            }
        }
    }
    return enc;
}

std::string Tokenizer::decode(const std::vector<int>& ids, bool skipSpecialTokens) const {
    std::vector<std::string> tokens;
    tokens.reserve(ids.size());
    for (const int id : ids) {
        auto token = m->added.idToToken(id);
        if (!token) token = m->model->idToToken(id);
        if (!token) continue;
        if (skipSpecialTokens && m->added.isSpecialToken(*token)) continue;
        tokens.push_back(std::move(*token));
    }
    std::string out;
    if (m->decoder) {
        for (const std::string& piece : m->decoder->decodeChain(std::move(tokens))) out += piece;
    } else {
        for (std::size_t i = 0; i < tokens.size(); ++i) out += (i ? " " : "") + tokens[i];
    }
    return out;
}

std::optional<std::int32_t> Tokenizer::tokenToId(std::string_view token) const { return m->added.tokenToId(token, *m->model); }

std::optional<std::string> Tokenizer::idToToken(std::int32_t id) const {
    if (auto t = m->added.idToToken(id)) return t;
    return m->model->idToToken(id);
}

std::size_t Tokenizer::vocabSize() const { return m->model->vocabSize() + m->added.size(); }

bool Tokenizer::isSpecialToken(std::string_view token) const { return m->added.isSpecialToken(token); }

const TokenizerConfig& Tokenizer::config() const { return m->config; }

std::optional<std::int32_t> Tokenizer::bosTokenId() const {
    return m->config.bosToken ? tokenToId(*m->config.bosToken) : std::nullopt;
}

std::optional<std::int32_t> Tokenizer::eosTokenId() const {
    return m->config.eosToken ? tokenToId(*m->config.eosToken) : std::nullopt;
}

}  // namespace moe
