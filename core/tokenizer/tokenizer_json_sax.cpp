#include "core/tokenizer/tokenizer_json_sax.h"

namespace moe::tok {
namespace {

class Reader : public nlohmann::json_sax<Json> {
public:
    TokenizerJsonParts parts;

    bool null() override { return value(Json()); }
    bool boolean(bool v) override { return value(Json(v)); }
    bool number_integer(number_integer_t v) override { return integer(v); }
    bool number_unsigned(number_unsigned_t v) override { return integer(static_cast<std::int64_t>(v)); }
    bool number_float(number_float_t v, const string_t&) override {
        if (m_mode == Mode::Vocab) jsonError("model.vocab." + m_key, "expected an integer id");
        return value(Json(v));
    }
    bool binary(binary_t&) override { return value(Json()); }

    bool string(string_t& s) override {
        if (m_mode == Mode::Merges) {
            if (s.rfind("#version", 0) == 0) return true;  // merges.txt header lines are skipped
            const std::size_t sp = s.find(' ');
            if (sp == std::string::npos || s.find(' ', sp + 1) != std::string::npos)
                jsonError(indexPath("model.merges", m_merges.size()), "a merge must be \"a b\"");
            const std::string_view v(s);
            m_merges.add(v.substr(0, sp), v.substr(sp + 1));
            return true;
        }
        if (m_mode == Mode::MergePair) {
            if (m_pair.size() >= 2) jsonError(indexPath("model.merges", m_merges.size()), "a merge must be [a, b]");
            m_pair.push_back(s);
            return true;
        }
        if (m_mode == Mode::Vocab) jsonError("model.vocab." + m_key, "expected an integer id");
        return value(Json(std::move(s)));
    }

    bool key(string_t& k) override {
        m_key = k;  // a copy: the lexer reuses its buffer
        return true;
    }

    bool start_object(std::size_t) override {
        if (m_mode != Mode::Dom) jsonError(currentPath(), "unexpected object");
        if (atModelField("vocab")) {
            m_mode = Mode::Vocab;
            m_vocab.reserve(1 << 15);
            return true;
        }
        return open(Json::object());
    }

    bool end_object() override {
        if (m_mode == Mode::Vocab) {
            parts.vocab = std::move(m_vocab);
            m_mode = Mode::Dom;
            return true;
        }
        m_stack.pop_back();
        return true;
    }

    bool start_array(std::size_t) override {
        if (m_mode == Mode::Merges) {
            m_mode = Mode::MergePair;
            m_pair.clear();
            return true;
        }
        if (m_mode != Mode::Dom) jsonError(currentPath(), "unexpected array");
        if (atModelField("merges")) {
            m_mode = Mode::Merges;
            m_merges.reserve(1 << 16);
            return true;
        }
        return open(Json::array());
    }

    bool end_array() override {
        if (m_mode == Mode::MergePair) {
            if (m_pair.size() != 2) jsonError(indexPath("model.merges", m_merges.size()), "a merge must be [a, b]");
            m_merges.add(m_pair[0], m_pair[1]);
            m_mode = Mode::Merges;
            return true;
        }
        if (m_mode == Mode::Merges) {
            parts.merges = std::move(m_merges);
            m_mode = Mode::Dom;
            return true;
        }
        m_stack.pop_back();
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& e) override {
        jsonError("", "invalid JSON at byte " + std::to_string(position) + ": " + e.what());
    }

private:
    enum class Mode { Dom, Vocab, Merges, MergePair };

    bool integer(std::int64_t v) {
        if (m_mode == Mode::Vocab) {
            if (v < 0 || v > INT32_MAX) jsonError("model.vocab." + m_key, "id out of range");
            m_vocab.set(m_key, static_cast<std::int32_t>(v));
            return true;
        }
        if (m_mode != Mode::Dom) jsonError(currentPath(), "unexpected number");
        return value(Json(v));
    }

    // True when the value about to start is root.model.<field>.
    bool atModelField(const char* field) const {
        return m_stack.size() == 2 && m_stack[1].second == "model" && m_stack[1].first->is_object() && m_key == field;
    }

    std::string currentPath() const { return m_stack.size() >= 2 ? m_stack[1].second + "." + m_key : m_key; }

    bool value(Json v) {
        if (m_mode != Mode::Dom) jsonError(currentPath(), "unexpected value");
        if (m_stack.empty()) {
            parts.root = std::move(v);
            return true;
        }
        Json* top = m_stack.back().first;
        if (top->is_array()) top->push_back(std::move(v));
        else (*top)[m_key] = std::move(v);
        return true;
    }

    bool open(Json container) {
        if (m_stack.empty()) {
            parts.root = std::move(container);
            m_stack.emplace_back(&parts.root, std::string());
            return true;
        }
        Json* top = m_stack.back().first;
        Json* child;
        std::string name;
        if (top->is_array()) {
            top->push_back(std::move(container));
            child = &top->back();
            name = m_stack.back().second + "[]";
        } else {
            child = &((*top)[m_key] = std::move(container));
            name = m_key;
        }
        m_stack.emplace_back(child, std::move(name));
        return true;
    }

    Mode m_mode = Mode::Dom;
    std::vector<std::pair<Json*, std::string>> m_stack;  // open containers and their key
    std::string m_key;
    Vocab m_vocab;
    MergeList m_merges;
    std::vector<std::string> m_pair;
};

}  // namespace

TokenizerJsonParts parseTokenizerJson(std::string_view text) {
    if (auto fast = parseTokenizerJsonFast(text)) return std::move(*fast);
    Reader reader;
    Json::sax_parse(text.begin(), text.end(), &reader, nlohmann::json::input_format_t::json, true);
    if (!reader.parts.root.is_object()) jsonError("", "tokenizer.json must hold a JSON object");
    return std::move(reader.parts);
}

}  // namespace moe::tok
