#pragma once
// Test helpers that rewrite a fixture model into other valid forms of the same weights: the legacy
// config.json that most Hub checkpoints use, and several shards in another tensor order.

#include <nlohmann/json.hpp>

#include <string>

namespace moe::test {

// transformers 5 config -> legacy keys (torch_dtype, rope_theta + rope_scaling, rope_local_base_freq,
// sliding_window_pattern instead of layer_types).
nlohmann::json toLegacyConfig(const nlohmann::json& config);

// Copies the model folder `from` into `to` with the weights split into shards of at most `shardBytes`,
// declared in reverse name order, and config.json replaced by `config`.
void writeShardedVariant(const std::string& from, const std::string& to, const nlohmann::json& config,
                         std::uint64_t shardBytes);

}  // namespace moe::test
