#include "core/model/bts_names.h"

#include "core/model/arch.h"

namespace moe {
namespace {

std::string withLayer(std::string tmpl, int layer) {
    const auto pos = tmpl.find("{L}");
    if (pos != std::string::npos) tmpl.replace(pos, 3, std::to_string(layer));
    return tmpl;
}

}  // namespace

bool btsSupported(const TensorNames& names) {
    return names.layer.find("layers.{L}.") != std::string::npos && names.embed.find("embed_tokens") != std::string::npos &&
           names.positions.empty();
}

std::string btsExpertLayerPrefix(const TensorNames& names, int layer, int expert) {
    auto t = names.layer;
    const auto pos = t.find("layers.{L}.");
    if (pos == std::string::npos) return {};
    t.replace(pos, 11, "expert_layers.{L}." + std::to_string(expert) + ".");
    return withLayer(t, layer);
}

std::string btsExpertEmbedName(const TensorNames& names, int expert) {
    auto t = names.embed;
    const auto pos = t.find("embed_tokens");
    if (pos == std::string::npos) return {};
    t.replace(pos, 12, "expert_embed_tokens." + std::to_string(expert));
    return t;
}

std::string btsStitchName(const TensorNames& names, int layer, const char* kind, int index) {
    return withLayer(names.layer, layer) + "stitches." + kind + "." + std::to_string(index) + ".weight";
}

}  // namespace moe
