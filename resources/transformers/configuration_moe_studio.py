# Configuration of a MoE Studio composed checkpoint in the mixturekit format.
#
# MoE Studio copies this file, unchanged, next to the config.json of every mixturekit-format output so
# that transformers can load it with trust_remote_code=True. The config.json holds the whole config of
# the base architecture (that of the first expert) plus the MoE keys below; `base_model_type` names
# the base architecture, so the base config is rebuilt with AutoConfig.for_model.
#
# Part of MoE Studio. This is a thin wrapper: the architecture itself is transformers' own.

from __future__ import annotations

from transformers import AutoConfig

try:  # transformers 5
    from transformers import PreTrainedConfig
except ImportError:  # transformers 4
    from transformers import PretrainedConfig as PreTrainedConfig


# Keys that describe the composition rather than the base architecture: they are not passed to the
# base architecture's config class.
MOE_KEYS = (
    "base_model_type",
    "moe_method",
    "num_experts",
    "num_experts_per_tok",
    "router_layers",
    "router_layers_index",
    "alpha",
    "stitch_freq",
    "stitch_layers_index",
    "output_router_logits",
)
_NOT_FOR_BASE = set(MOE_KEYS) | {"model_type", "auto_map", "architectures", "transformers_version", "_name_or_path"}

METHODS = ("traditional", "btx", "bts")


class MoeStudioConfig(PreTrainedConfig):
    """The base architecture's config plus the composition keys (MixtureKit's names).

    moe_method: "traditional" (one router per block over whole MLPs), "btx" (one router per listed
        projection) or "bts" (hub + expert streams + stitch layers).
    num_experts: E, the number of experts (BTS: the hub counts as expert 0).
    num_experts_per_tok: top-k.
    router_layers: the routed projections, e.g. ["mlp.gate_proj", "self_attn.q_proj"].
    router_layers_index: [] = every block, [None] = no block, otherwise the routed blocks.
    alpha: load-balancing coefficient (added to the loss when labels are given).
    stitch_freq: BTS, a stitch layer after every stitch_freq-th block (never block 0) and after the last.
    stitch_layers_index: BTS, optional explicit stitch blocks (replaces the stitch_freq rule).
    """

    model_type = "moe_studio"

    def __init__(
        self,
        base_model_type=None,
        moe_method="btx",
        num_experts=2,
        num_experts_per_tok=1,
        router_layers=None,
        router_layers_index=None,
        alpha=0.0,
        stitch_freq=None,
        stitch_layers_index=None,
        output_router_logits=False,
        **kwargs,
    ):
        if moe_method not in METHODS:
            raise ValueError(f"moe_method must be one of {METHODS}, got {moe_method!r}")
        self.base_model_type = base_model_type
        self.moe_method = moe_method
        self.num_experts = int(num_experts)
        self.num_experts_per_tok = int(num_experts_per_tok)
        self.router_layers = list(router_layers) if router_layers is not None else []
        self.router_layers_index = list(router_layers_index) if router_layers_index is not None else []
        self.alpha = float(alpha or 0.0)
        self.stitch_freq = stitch_freq
        self.stitch_layers_index = stitch_layers_index
        self.output_router_logits = output_router_logits
        if moe_method != "bts" and not 1 <= self.num_experts_per_tok <= self.num_experts:
            raise ValueError(f"num_experts_per_tok must be in 1..{self.num_experts}, got {self.num_experts_per_tok}")
        super().__init__(**kwargs)
        # transformers only instantiates the config without arguments to find its defaults.
        if base_model_type is not None:
            # Defaults that the base config class derives (layer_types, sliding windows, tied
            # embeddings, RoPE parameters...) are copied here too: generation builds its cache from
            # this config, not from the base one.
            for key, value in self.base_config().to_dict().items():
                if key not in _NOT_FOR_BASE and not key.startswith("_") and not hasattr(self, key):
                    setattr(self, key, value)

    def base_config(self):
        """The config of the base architecture, rebuilt from this one without the composition keys."""
        if not self.base_model_type:
            raise ValueError("config.json has no base_model_type: it is not a MoE Studio mixturekit checkpoint")
        kwargs = {k: v for k, v in self.to_dict().items() if k not in _NOT_FOR_BASE and not k.startswith("_")}
        return AutoConfig.for_model(self.base_model_type, **kwargs)

    def routed_blocks(self, num_layers):
        """The blocks that hold routers: router_layers_index resolved as MixtureKit does."""
        index = self.router_layers_index
        if not index:
            return list(range(num_layers))
        if index[0] is None:
            return []
        blocks = sorted({int(i) for i in index})
        for i in blocks:
            if not 0 <= i < num_layers:
                raise ValueError(f"router_layers_index: block {i} is out of range (the model has {num_layers})")
        return blocks

    def stitch_schedule(self, num_layers):
        """BTS stitch points as (block, to_hub) pairs, in order.

        After every stitch_freq-th block (never block 0) or the explicit stitch_layers_index, and always
        after the last block; the directions alternate starting hub->experts, and the last one is forced
        experts->hub so that the experts' work reaches the hub's head.
        """
        if self.stitch_layers_index:
            layers = sorted({int(i) for i in self.stitch_layers_index})
        else:
            freq = int(self.stitch_freq or 0)
            layers = [i for i in range(1, num_layers) if freq > 0 and i % freq == 0]
        if num_layers > 0 and num_layers - 1 not in layers:
            layers.append(num_layers - 1)
        schedule, to_hub = [], False
        for layer in layers:
            if layer == num_layers - 1:
                to_hub = True
            schedule.append((layer, to_hub))
            to_hub = not to_hub
        return schedule
