#pragma once
// The result of encoding one text: ids, token strings and character offsets into the original text
// (Unicode code points, as the `tokenizers` library reports them), plus type ids and the special-token
// mask.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace moe {

struct Encoding {
    std::vector<std::int32_t> ids;
    std::vector<std::string> tokens;
    std::vector<std::pair<std::int64_t, std::int64_t>> offsets;
    std::vector<std::int32_t> typeIds;
    std::vector<std::uint8_t> specialTokensMask;

    std::size_t size() const { return ids.size(); }
    void push(std::int32_t id, std::string token, std::pair<std::int64_t, std::int64_t> offset, std::int32_t typeId,
              bool special) {
        ids.push_back(id);
        tokens.push_back(std::move(token));
        offsets.push_back(offset);
        typeIds.push_back(typeId);
        specialTokensMask.push_back(special ? 1 : 0);
    }
    void append(Encoding&& other) {
        ids.insert(ids.end(), other.ids.begin(), other.ids.end());
        for (auto& t : other.tokens) tokens.push_back(std::move(t));
        offsets.insert(offsets.end(), other.offsets.begin(), other.offsets.end());
        typeIds.insert(typeIds.end(), other.typeIds.begin(), other.typeIds.end());
        specialTokensMask.insert(specialTokensMask.end(), other.specialTokensMask.begin(), other.specialTokensMask.end());
    }
};

}  // namespace moe
