#include "core/model/stitch_schedule.h"

#include <algorithm>

namespace moe {

std::vector<StitchPoint> stitchSchedule(int numLayers, int freq, const std::optional<std::vector<int>>& explicitLayers) {
    std::vector<int> layers;
    if (explicitLayers && !explicitLayers->empty()) {
        layers = *explicitLayers;
    } else {
        for (int i = 1; freq > 0 && i < numLayers; ++i)
            if (i % freq == 0) layers.push_back(i);
    }
    std::sort(layers.begin(), layers.end());
    layers.erase(std::unique(layers.begin(), layers.end()), layers.end());
    if (numLayers > 0 && std::find(layers.begin(), layers.end(), numLayers - 1) == layers.end()) layers.push_back(numLayers - 1);
    std::vector<StitchPoint> out;
    bool toHub = false;  // the first stitch sends the hub's state to the experts
    for (const int L : layers) {
        if (L == numLayers - 1) toHub = true;
        out.push_back({L, toHub});
        toHub = !toHub;
    }
    return out;
}

}  // namespace moe
