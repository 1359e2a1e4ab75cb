#pragma once
// Decoders of tokenizer.json: ByteLevel, Metaspace, ByteFallback, Fuse, Strip, Replace, WordPiece,
// BPEDecoder, CTC and Sequence. Each maps the list of token strings to a new list; decode joins them.

#include "core/tokenizer/json_util.h"

#include <memory>
#include <string>
#include <vector>

namespace moe::tok {

class Decoder {
public:
    virtual ~Decoder() = default;
    virtual std::vector<std::string> decodeChain(std::vector<std::string> tokens) const = 0;
};

std::unique_ptr<Decoder> makeDecoder(const Json& j, const std::string& path);

}  // namespace moe::tok
