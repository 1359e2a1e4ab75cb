#include "core/demo/demo_eval.h"

#include "core/model/model.h"
#include "core/routing/aggregation.h"
#include "core/routing/route_text.h"
#include "core/tokenizer/tokenizer.h"

#include <ATen/ATen.h>

#include <algorithm>

namespace moe::demo {

std::vector<DomainScore> scoreRouting(const Model& model, const Tokenizer& tokenizer, const std::vector<MixedBlock>& blocks,
                                      int tokensPerDocument) {
    at::NoGradGuard noGrad;
    std::vector<DomainScore> scores(kDomains);
    for (int d = 0; d < kDomains; ++d) scores[static_cast<std::size_t>(d)].domain = kDomainNames[d];
    if (blocks.empty()) return scores;

    std::string text;
    std::vector<std::size_t> blockEnd;  // byte offset one past each block's final '\n'
    for (const auto& b : blocks) {
        text += b.text;
        text += '\n';
        blockEnd.push_back(text.size());
    }
    const auto all = tokenizeForRouting(tokenizer, text);
    // Each token's domain: that of the block holding its last byte (the display strings concatenate back
    // to the text; empty ones, later byte pieces of a character, stay in the block of the token before).
    std::vector<int> domainOf(all.tokens.size());
    std::size_t offset = 0, block = 0;
    for (std::size_t t = 0; t < all.tokens.size(); ++t) {
        offset += all.tokens[t].size();
        while (block + 1 < blockEnd.size() && offset > blockEnd[block]) ++block;
        domainOf[t] = blocks[block].domain;
    }
    // Sliding windows as long as the training sequences (the usual strided evaluation of a causal model):
    // each window scores its last `stride` tokens, which have at least window - stride tokens of context
    // before them (except at the very start), as they would in a longer text routed whole.
    const auto window = static_cast<std::size_t>(std::max(2, tokensPerDocument)), stride = window / 2;
    for (std::size_t scored = 0; scored < all.ids.size(); scored += stride) {
        const auto end = std::min(all.ids.size(), scored + stride);
        const auto begin = end > window ? end - window : 0;
        TokenizedText part;
        part.ids.assign(all.ids.begin() + static_cast<std::ptrdiff_t>(begin), all.ids.begin() + static_cast<std::ptrdiff_t>(end));
        part.tokens.assign(all.tokens.begin() + static_cast<std::ptrdiff_t>(begin), all.tokens.begin() + static_cast<std::ptrdiff_t>(end));
        for (const auto& piece : part.tokens) part.text += piece;
        const auto trace = routeTokens(model, part, "demo");
        const auto agg = aggregate(trace, selectSites(trace, {}));
        for (std::size_t t = scored; t < end; ++t) {
            auto& score = scores[static_cast<std::size_t>(domainOf[t])];
            ++score.tokens;
            if (agg.dominant[t - begin] == domainOf[t]) ++score.routedToOwnExpert;
        }
    }
    return scores;
}

}  // namespace moe::demo
