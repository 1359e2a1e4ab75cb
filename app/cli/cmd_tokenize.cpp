// moe tokenize --tokenizer FILE_OR_DIR --input CASES.jsonl
// Each input line {"text": str, "add_special_tokens": bool}; each output line on stdout
// {"ids": [...], "tokens": [...], "offsets": [[b,e],...], "decoded": str} (decoded keeps special tokens).

#include "app/cli/commands.h"
#include "core/error.h"
#include "core/io/read_file.h"
#include "core/tokenizer/tokenizer.h"

#include <nlohmann/json.hpp>

#include <cctype>
#include <cstdio>
#include <iostream>
#include <sstream>

namespace moe::cli {
namespace {

bool isHex4(const std::string& s, std::size_t i) {
    if (i + 4 > s.size()) return false;
    for (std::size_t k = i; k < i + 4; ++k)
        if (!std::isxdigit(static_cast<unsigned char>(s[k]))) return false;
    return true;
}

// JSON allows escaped lone surrogates ("\ud800"); JavaScript (and so the reference library's Node
// binding) turns them into U+FFFD. nlohmann/json refuses them, so replace them before parsing.
std::string replaceLoneSurrogates(const std::string& line) {
    std::string out;
    out.reserve(line.size());
    for (std::size_t i = 0; i < line.size(); ++i) {
        if (line[i] != '\\' || i + 1 >= line.size()) {
            out += line[i];
            continue;
        }
        if (line[i + 1] != 'u' || !isHex4(line, i + 2)) {
            out += line[i];
            out += line[++i];  // any other escape, copied whole
            continue;
        }
        const unsigned v = static_cast<unsigned>(std::stoul(line.substr(i + 2, 4), nullptr, 16));
        const bool high = v >= 0xD800 && v <= 0xDBFF, low = v >= 0xDC00 && v <= 0xDFFF;
        if (high && line.compare(i + 6, 2, "\\u") == 0 && isHex4(line, i + 8)) {
            const unsigned w = static_cast<unsigned>(std::stoul(line.substr(i + 8, 4), nullptr, 16));
            if (w >= 0xDC00 && w <= 0xDFFF) {
                out.append(line, i, 12);
                i += 11;
                continue;
            }
        }
        out += high || low ? std::string("\\ufffd") : line.substr(i, 6);
        i += 5;
    }
    return out;
}

}  // namespace

int runTokenize(const Args& args) {
    ArgReader reader(args);
    const auto tokenizerPath = reader.option("--tokenizer");
    const auto inputPath = reader.option("--input");
    reader.requireNoUnknown();
    if (!reader.positionals().empty()) throw UsageError("unexpected argument '" + reader.positionals()[0] + "'");
    if (tokenizerPath.empty()) throw UsageError("--tokenizer FILE_OR_DIR is required");
    if (inputPath.empty()) throw UsageError("--input CASES.jsonl is required");

    const Tokenizer tokenizer = Tokenizer::fromFile(tokenizerPath);
    std::istringstream file;  // read whole through readFileBytes: a FIFO or folder is refused, not waited on
    if (inputPath != "-") file.str(readFileBytes(inputPath, kMaxTrainingTextBytes));
    std::istream& in = inputPath == "-" ? std::cin : file;
    std::string line;
    std::size_t lineNo = 0;
    while (std::getline(in, line)) {
        ++lineNo;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.find_first_not_of(" \t") == std::string::npos) continue;
        const std::string where = inputPath + ":" + std::to_string(lineNo);
        nlohmann::json c;
        try {
            c = nlohmann::json::parse(replaceLoneSurrogates(line));
        } catch (const nlohmann::json::exception& e) {
            throw Error(std::string("invalid JSON: ") + e.what(), {.file = where});
        }
        if (!c.is_object() || !c.contains("text") || !c["text"].is_string())
            throw Error("expected {\"text\": str, \"add_special_tokens\": bool}", {.file = where, .key = "text"});
        bool addSpecial = true;
        if (c.contains("add_special_tokens")) {
            if (!c["add_special_tokens"].is_boolean()) throw Error("expected a boolean", {.file = where, .key = "add_special_tokens"});
            addSpecial = c["add_special_tokens"].get<bool>();
        }
        const Encoding enc = tokenizer.encode(c["text"].get<std::string>(), addSpecial);
        nlohmann::ordered_json offsets = nlohmann::ordered_json::array();
        for (const auto& [b, e] : enc.offsets) offsets.push_back({b, e});
        const std::vector<int> ids(enc.ids.begin(), enc.ids.end());
        nlohmann::ordered_json out;  // keys in the order of the contract
        out["ids"] = enc.ids;
        out["tokens"] = enc.tokens;
        out["offsets"] = std::move(offsets);
        out["decoded"] = tokenizer.decode(ids, false);
        std::cout << out.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
    }
    std::cout.flush();
    return 0;
}

}  // namespace moe::cli
