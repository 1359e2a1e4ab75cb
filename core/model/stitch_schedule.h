#pragma once
// Where a BTS (Branch-Train-Stitch) model mixes its streams, as MixtureKit places its stitch layers:
// after every `stitch_freq`-th block (never block 0) and always after the last block; directions
// alternate starting with hub→experts, and the last one is forced experts→hub so that everything the
// experts computed reaches the hub, whose final norm and head make the logits.

#include <optional>
#include <vector>

namespace moe {

struct StitchPoint {
    int layer = 0;       // the stitch runs after this block
    bool toHub = false;  // experts→hub (softmax gate) or hub→experts (sigmoid gates)
    bool operator==(const StitchPoint&) const = default;
};

// `explicitLayers`: MixtureKit's optional stitch_layers_index, which replaces the every-freq rule.
std::vector<StitchPoint> stitchSchedule(int numLayers, int freq, const std::optional<std::vector<int>>& explicitLayers = std::nullopt);

}  // namespace moe
