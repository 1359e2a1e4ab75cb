#include "core/demo/demo_eval.h"

#include "core/model/model.h"
#include "core/routing/aggregation.h"
#include "core/routing/route_text.h"
#include "core/tokenizer/tokenizer.h"

#include <ATen/ATen.h>

namespace moe::demo {
namespace {

void scoreDocument(const Model& model, const Tokenizer& tokenizer, const std::vector<MixedLine>& lines, std::size_t begin,
                   std::size_t end, std::vector<DomainScore>& scores) {
    std::string text;
    std::vector<std::size_t> lineEnd;  // byte offset one past each line's '\n'
    for (std::size_t i = begin; i < end; ++i) {
        text += lines[i].text;
        text += '\n';
        lineEnd.push_back(text.size());
    }
    const auto tokens = tokenizeForRouting(tokenizer, text);
    const auto trace = routeTokens(model, tokens, "demo");
    const auto agg = aggregate(trace, selectSites(trace, {}));
    std::size_t offset = 0, line = 0;
    for (std::size_t t = 0; t < tokens.tokens.size(); ++t) {
        offset += tokens.tokens[t].size();
        // Empty display strings (later byte pieces of a character) stay on the line of the token before.
        while (line + 1 < lineEnd.size() && offset > lineEnd[line]) ++line;
        auto& score = scores[static_cast<std::size_t>(lines[begin + line].domain)];
        ++score.tokens;
        if (agg.dominant[t] == lines[begin + line].domain) ++score.routedToOwnExpert;
    }
}

}  // namespace

std::vector<DomainScore> scoreRouting(const Model& model, const Tokenizer& tokenizer, const std::vector<MixedLine>& lines,
                                      int tokensPerDocument) {
    at::NoGradGuard noGrad;
    std::vector<DomainScore> scores(kDomains);
    for (int d = 0; d < kDomains; ++d) scores[static_cast<std::size_t>(d)].domain = kDomainNames[d];
    std::size_t begin = 0;
    while (begin < lines.size()) {
        std::size_t end = begin, count = 0;
        while (end < lines.size()) {
            const auto n = tokenizer.encode(lines[end].text + "\n", false).ids.size();
            if (end > begin && count + n > static_cast<std::size_t>(tokensPerDocument)) break;
            count += n;
            ++end;
        }
        scoreDocument(model, tokenizer, lines, begin, end, scores);
        begin = end;
    }
    return scores;
}

}  // namespace moe::demo
