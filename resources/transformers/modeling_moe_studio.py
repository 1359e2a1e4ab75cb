# Modeling code of a MoE Studio composed checkpoint in the mixturekit format.
#
# MoE Studio copies this file, unchanged, next to the config.json of every mixturekit-format output so
# that transformers can load it:
#
#     model = AutoModelForCausalLM.from_pretrained(folder, trust_remote_code=True)
#
# A thin wrapper: it builds the base architecture with transformers' own code
# (AutoModelForCausalLM.from_config), then swaps modules so that the parameter names are the
# checkpoint's:
#   traditional  model.layers.{L}.mlp.{proj}.experts.expert_{i}.weight, router model.layers.{L}.gate.weight
#   btx          model.layers.{L}.{proj}.experts.expert_{i}.weight,     router model.layers.{L}.{proj}.gate.weight
#   bts          hub names unchanged, model.expert_layers.{L}.{i-1}.*, model.expert_embed_tokens.{i-1}.weight,
#                model.layers.{L}.stitches.w_proj.{i}.weight, model.layers.{L}.stitches.w_gate.{j}.weight
# Routing: logits = x W^T in float32, keep the top-k, softmax over the kept logits, output = sum of
# weight x expert(x) accumulated in float32 and cast back to the input dtype. No noise, no jitter.
#
# Part of MoE Studio.

from __future__ import annotations

import copy
import inspect

import torch
import torch.nn.functional as F
from torch import nn
from transformers import AutoModelForCausalLM, GenerationMixin, PreTrainedModel
from transformers.modeling_outputs import MoeCausalLMOutputWithPast

from .configuration_moe_studio import MoeStudioConfig

try:
    from torch.func import functional_call
except ImportError:  # torch < 2.0
    from torch.nn.utils.stateless import functional_call


def route(x, gate_weight, top_k):
    """Router logits [N, E] (float32), the kept weights [N, k] (float32) and the kept experts [N, k]."""
    logits = F.linear(x.float(), gate_weight.float())
    kept, experts = torch.topk(logits, top_k, dim=-1)
    return logits, torch.softmax(kept, dim=-1), experts


def mix(flat, weights, experts, num_experts, expert_forward):
    """Sum over the kept experts of weight x expert(token), in float32, cast back to the input dtype."""
    out = None
    for e in range(num_experts):
        tokens, slots = torch.where(experts == e)
        if tokens.numel() == 0:
            continue
        y = expert_forward(e, flat[tokens]).float() * weights[tokens, slots].unsqueeze(-1)
        if out is None:
            out = flat.new_zeros((flat.shape[0], y.shape[-1]), dtype=torch.float32)
        out.index_add_(0, tokens, y)
    if out is None:  # no token at all
        out = expert_forward(0, flat).float()
    return out.to(flat.dtype)


def balance_loss(logits, weights, experts):
    """MixtureKit's load-balancing term of one router: E/N * sum_{t,e} u(t,e) p(t,e)."""
    probs = torch.softmax(logits, dim=-1)
    used = torch.zeros_like(probs).scatter(1, experts, weights)
    return logits.shape[-1] / logits.shape[0] * (used * probs).sum()


class ExpertBank(nn.Module):
    """E copies of one projection, named experts.expert_{i} (MixtureKit's names)."""

    def __init__(self, proj, num_experts):
        super().__init__()
        self.experts = nn.ModuleDict({f"expert_{i}": copy.deepcopy(proj) for i in range(num_experts)})

    def forward(self, x, expert=0):
        return self.experts[f"expert_{expert}"](x)


def in_features(proj):
    # nn.Linear keeps in_features; transformers' Conv1D (GPT-2) stores its weight as [in, out].
    return proj.in_features if hasattr(proj, "in_features") else proj.weight.shape[0]


class RoutedProjection(ExpertBank):
    """BTX: a projection replaced by E experts and its own router `gate` ([E, in_features], no bias)."""

    def __init__(self, proj, num_experts, top_k, site):
        super().__init__(proj, num_experts)
        self.gate = nn.Linear(in_features(proj), num_experts, bias=False)
        self.top_k = top_k
        self.site = site
        self._sink = None  # a list while the owning model records router decisions

    def forward(self, x):
        flat = x.reshape(-1, x.shape[-1])
        logits, weights, experts = route(flat, self.gate.weight, self.top_k)
        if self._sink is not None:
            self._sink.append((self.site, logits, weights, experts))
        out = mix(flat, weights, experts, len(self.experts), lambda e, h: self.experts[f"expert_{e}"](h))
        return out.view(*x.shape[:-1], out.shape[-1])


class TraditionalMoe(nn.Module):
    """Traditional: the block's MLP as a sparse MoE over whole MLPs (Mixtral semantics: every selected
    expert sees the same input). The routed projections become ExpertBanks under their own names; the
    router is the decoder layer's `gate`, held here without registering it (its name is
    model.layers.{L}.gate.weight, not under mlp)."""

    def __init__(self, mlp, projections, router, top_k, site):
        super().__init__()
        names = [p for p in projections if isinstance(getattr(mlp, p, None), nn.Module)]
        if not names:
            raise NotImplementedError(f"{type(mlp).__name__} has none of the routed projections {projections}")
        others = [n for n, _ in mlp.named_parameters() if n.split(".")[0] not in names]
        if others:
            raise NotImplementedError(f"{type(mlp).__name__} has parameters outside the routed projections: {others}")
        self.num_experts = router.weight.shape[0]
        for p in names:
            self.add_module(p, ExpertBank(getattr(mlp, p), self.num_experts))
        # Expert i is the original MLP computed with expert i's projections (torch.func.functional_call),
        # so any MLP shape works. The template keeps no weights of its own.
        self._template = [mlp.to("meta")]
        self._router = [router]
        self._names = names
        self.top_k = top_k
        self.site = site
        self._sink = None

    def expert(self, e, h):
        params = {}
        for p in self._names:
            for n, t in getattr(self, p).experts[f"expert_{e}"].named_parameters():
                params[f"{p}.{n}"] = t
        return functional_call(self._template[0], params, (h,))

    def forward(self, x):
        flat = x.reshape(-1, x.shape[-1])
        logits, weights, experts = route(flat, self._router[0].weight, self.top_k)
        if self._sink is not None:
            self._sink.append((self.site, logits, weights, experts))
        out = mix(flat, weights, experts, self.num_experts, self.expert)
        return out.view(*x.shape[:-1], out.shape[-1])


class StitchLayer(nn.Module):
    """BTS stitch after a block (N = num_experts streams, stream 0 the hub, all [B, T, H]).
    experts->hub: g = softmax over streams of (w_gate_j x_hub), per hidden dimension;
                  x_hub' = g_0 * x_hub + sum_i g_i * (w_proj_{i-1} x_i); the expert streams are unchanged.
    hub->experts: g_i = sigmoid(w_gate_i x_hub); x_i' = (1 - g_i) * x_i + g_i * (w_proj_{i-1} x_hub).
    (MixtureKit's experts->hub also replaces each expert stream by its projection; like MoE Studio's
    runtime and the paper's Eq. 3 we keep them. Its gate dropout is left out.)"""

    def __init__(self, hidden_size, num_streams, to_hub):
        super().__init__()
        self.to_hub = to_hub
        self.w_proj = nn.ModuleList(nn.Linear(hidden_size, hidden_size, bias=False) for _ in range(num_streams - 1))
        self.w_gate = nn.ModuleList(nn.Linear(hidden_size, hidden_size, bias=False) for _ in range(num_streams))

    def forward(self, hub, streams):
        streams = [x.to(hub.device) for x in streams]
        if self.to_hub:
            g = torch.stack([gate(hub) for gate in self.w_gate], dim=-1).softmax(dim=-1)
            out = hub * g[..., 0]
            for i, x in enumerate(streams):
                out = out + g[..., i + 1] * self.w_proj[i](x)
            return out, streams
        mixed = []
        for i, x in enumerate(streams):
            g = torch.sigmoid(self.w_gate[i + 1](hub))
            mixed.append((1 - g) * x + g * self.w_proj[i](hub))
        return hub, mixed


def _first(output):
    return output[0] if isinstance(output, tuple) else output


def _replace_first(output, value):
    return (value,) + tuple(output[1:]) if isinstance(output, tuple) else value


class MoeStudioPreTrainedModel(PreTrainedModel):
    config_class = MoeStudioConfig
    base_model_prefix = "model"
    supports_gradient_checkpointing = True
    _skip_keys_device_placement = ["past_key_values"]
    # The attention is the base architecture's: these say only that we pass the choice on to it.
    _supports_sdpa = True
    _supports_flash_attn = True
    _supports_flash_attn_2 = True  # transformers 4's name
    _supports_flex_attn = True
    _supports_attention_backend = True


class MoeStudioForCausalLM(MoeStudioPreTrainedModel, GenerationMixin):
    def __init__(self, config):
        super().__init__(config)
        base = config.base_config()
        attn = getattr(config, "_attn_implementation", None)
        extra = {"attn_implementation": attn} if attn else {}
        # Follow the dtype that from_pretrained set as default while it builds this model.
        try:
            inner = AutoModelForCausalLM.from_config(base, dtype=torch.get_default_dtype(), **extra)
        except TypeError:  # transformers 4 before the dtype rename
            inner = AutoModelForCausalLM.from_config(base, torch_dtype=torch.get_default_dtype(), **extra)
        # The base model's children become ours under the same names (model, lm_head), so parameter
        # names are the checkpoint's; its forward (loss, soft-capping, logits_to_keep) is reused as is.
        for name, child in inner.named_children():
            self.add_module(name, child)
        self._inner = [inner]  # a list: not registered a second time
        params = inspect.signature(inner.forward).parameters
        self._inner_params = {n for n, p in params.items() if p.kind not in (p.VAR_KEYWORD, p.VAR_POSITIONAL)}
        self._inner_takes_kwargs = any(p.kind == p.VAR_KEYWORD for p in params.values())
        tied = getattr(type(inner), "_tied_weights_keys", None)
        if tied:
            self._tied_weights_keys = tied
        self._no_split_modules = list(getattr(inner, "_no_split_modules", None) or [])
        self._routing = []
        decoder = inner.get_decoder() if hasattr(inner, "get_decoder") else inner.base_model
        layers = getattr(decoder, "layers", None)
        if layers is None:
            layers = getattr(decoder, "h", None)
        if layers is None:
            raise NotImplementedError(f"{type(decoder).__name__}: cannot find its decoder layers")
        if config.moe_method == "traditional":
            self._build_traditional(layers)
        elif config.moe_method == "btx":
            self._build_btx(layers)
        else:
            self._build_bts(decoder, layers)
        self.post_init()

    # --- construction ---------------------------------------------------------------------------

    def _build_traditional(self, layers):
        c = self.config
        projections = [p[len("mlp."):] for p in c.router_layers if p.startswith("mlp.")]
        projections = projections or ["gate_proj", "up_proj", "down_proj"]
        for L in c.routed_blocks(len(layers)):
            layer = layers[L]
            layer.gate = nn.Linear(c.hidden_size, c.num_experts, bias=False)
            layer.mlp = TraditionalMoe(layer.mlp, projections, layer.gate, c.num_experts_per_tok, str(L))
            self._routing.append(layer.mlp)

    def _build_btx(self, layers):
        c = self.config
        for L in c.routed_blocks(len(layers)):
            for path in c.router_layers:
                parent_path, _, name = path.rpartition(".")
                try:
                    parent = layers[L].get_submodule(parent_path) if parent_path else layers[L]
                except AttributeError:
                    continue
                proj = getattr(parent, name, None)
                if proj is None or not hasattr(proj, "weight"):
                    continue  # not in this architecture: the composer routes only what exists
                routed = RoutedProjection(proj, c.num_experts, c.num_experts_per_tok, f"{L}.{path}")
                setattr(parent, name, routed)
                self._routing.append(routed)

    def _build_bts(self, decoder, layers):
        c = self.config
        embed = decoder.get_input_embeddings()
        if not hasattr(decoder, "layers") or embed is not getattr(decoder, "embed_tokens", None):
            raise NotImplementedError(f"BTS needs the model.layers / model.embed_tokens layout ({type(decoder).__name__})")
        n = c.num_experts - 1
        # Each expert stream is a full copy of the base blocks and embedding (its own weights, same code).
        decoder.expert_embed_tokens = nn.ModuleList(copy.deepcopy(embed) for _ in range(n))
        decoder.expert_layers = nn.ModuleList(nn.ModuleList(copy.deepcopy(layer) for _ in range(n)) for layer in layers)
        for L, to_hub in c.stitch_schedule(len(layers)):
            layers[L].stitches = StitchLayer(c.hidden_size, c.num_experts, to_hub)
        # The base model's own forward drives the hub; hooks run the expert streams alongside, block by
        # block, with the same mask, positions and kwargs, and apply the stitches. Hooks are bound
        # methods, so a deepcopy of the model rebinds them to the copy.
        embed.register_forward_hook(self._bts_embed_hook)
        layers[0].register_forward_pre_hook(self._bts_first_block_hook, with_kwargs=True)
        for L, layer in enumerate(layers):
            layer._moe_studio_block = L
            layer.register_forward_hook(self._bts_block_hook, with_kwargs=True)
        self._bts = {"decoder": [decoder], "state": None}

    def _init_weights(self, module):
        self._inner[0]._init_weights(module)

    def get_input_embeddings(self):
        return self._inner[0].get_input_embeddings()

    def set_input_embeddings(self, value):
        self._inner[0].set_input_embeddings(value)

    def get_output_embeddings(self):
        return self._inner[0].get_output_embeddings()

    def set_output_embeddings(self, value):
        self._inner[0].set_output_embeddings(value)

    # --- BTS hooks ---------------------------------------------------------------------------------

    def _bts_embed_hook(self, module, args, output):
        state = self._bts["state"]
        if state is not None and args:
            decoder = self._bts["decoder"][0]
            state["hub_embed"] = output
            state["raw"] = [emb(args[0]) for emb in decoder.expert_embed_tokens]

    def _bts_first_block_hook(self, module, args, kwargs):
        state = self._bts["state"]
        if state is None:
            return None
        if "raw" not in state:
            raise ValueError("BTS: pass input_ids (the expert streams embed the tokens themselves)")
        hub_in = args[0] if args else kwargs["hidden_states"]
        hub_embed = state["hub_embed"]
        # Reproduce what the base model did between its embedding and block 0 (Gemma 1/2 scale by
        # sqrt(hidden) in the compute dtype; others pass it on), and check it exactly.
        if torch.equal(hub_in, hub_embed):
            state["streams"] = state.pop("raw")
        else:
            normalizer = torch.tensor(self.config.hidden_size**0.5, dtype=hub_embed.dtype)
            if not torch.equal(hub_in, hub_embed * normalizer):
                raise NotImplementedError("BTS: cannot reproduce how this architecture feeds its embeddings to block 0")
            state["streams"] = [e * normalizer for e in state.pop("raw")]
        # Each expert attends over its own keys and values: one cache per expert, kept on the hub's cache.
        cache = kwargs.get("past_key_values", kwargs.get("past_key_value"))
        if cache is None:
            state["caches"] = [None] * len(state["streams"])
        else:
            if getattr(cache, "_moe_studio_expert_caches", None) is None:
                if cache.get_seq_length() != 0:
                    raise ValueError("BTS: this cache was filled without the expert streams")
                cache._moe_studio_expert_caches = [copy.deepcopy(cache) for _ in state["streams"]]
            state["caches"] = cache._moe_studio_expert_caches
        return None

    def _bts_block_hook(self, module, args, kwargs, output):
        state = self._bts["state"]
        if state is None:
            return None
        L = module._moe_studio_block
        experts = self._bts["decoder"][0].expert_layers[L]
        streams = []
        for i, (layer, x) in enumerate(zip(experts, state["streams"])):
            kw = dict(kwargs)
            if args:
                a = (x,) + tuple(args[1:])
            else:
                a = ()
                kw["hidden_states"] = x
            for key in ("past_key_values", "past_key_value"):
                if kw.get(key) is not None:
                    kw[key] = state["caches"][i]
            streams.append(_first(layer(*a, **kw)))
        stitches = getattr(module, "stitches", None)
        if stitches is None:
            state["streams"] = streams
            return None
        hub, state["streams"] = stitches(_first(output), streams)
        return _replace_first(output, hub)

    # --- forward -----------------------------------------------------------------------------------

    def forward(
        self,
        input_ids=None,
        attention_mask=None,
        position_ids=None,
        past_key_values=None,
        inputs_embeds=None,
        labels=None,
        use_cache=None,
        cache_position=None,
        logits_to_keep=0,
        output_router_logits=None,
        return_dict=None,
        **kwargs,
    ):
        if output_router_logits is None:
            output_router_logits = self.config.output_router_logits
        named = {"input_ids": input_ids, "attention_mask": attention_mask, "position_ids": position_ids,
                 "past_key_values": past_key_values, "inputs_embeds": inputs_embeds, "labels": labels,
                 "use_cache": use_cache, "cache_position": cache_position, "logits_to_keep": logits_to_keep}
        for key, value in named.items():
            if key in self._inner_params:
                if value is not None or key == "input_ids":
                    kwargs[key] = value
            elif value is not None and key != "logits_to_keep" and self._inner_takes_kwargs:
                kwargs[key] = value
        if "return_dict" in self._inner_params:
            kwargs["return_dict"] = True
        sink = [] if self._routing else None
        bts = self.config.moe_method == "bts"
        if bts:
            if getattr(self, "is_gradient_checkpointing", False) and self.training:
                raise NotImplementedError("BTS: gradient checkpointing would re-run the stitched streams")
            self._bts["state"] = {}
        for m in self._routing:
            m._sink = sink
        try:
            out = self._inner[0](**kwargs)
        finally:
            for m in self._routing:
                m._sink = None
            if bts:
                self._bts["state"] = None

        loss, aux_loss, router_logits = out.loss, None, None
        if sink:
            device = sink[0][1].device  # with a device map the routers may sit on several devices
            aux_loss = sum(balance_loss(logits, w, e).to(device) for _, logits, w, e in sink)
            if loss is not None and self.config.alpha:
                loss = loss + self.config.alpha * aux_loss.to(loss.device)
            if output_router_logits:
                router_logits = tuple(logits for _, logits, _, _ in sink)
        result = MoeCausalLMOutputWithPast(
            loss=loss,
            aux_loss=aux_loss,
            logits=out.logits,
            past_key_values=out.past_key_values,
            hidden_states=out.hidden_states,
            attentions=out.attentions,
            router_logits=router_logits,
        )
        return result if return_dict is not False else result.to_tuple()


__all__ = ["MoeStudioForCausalLM", "MoeStudioPreTrainedModel"]
