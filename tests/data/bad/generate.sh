#!/usr/bin/env bash
# Regenerates the bad-input corpus of tests/data/bad (except safetensors/, written earlier and kept as
# it is): model folders, composition / training configs, traces, inputs, tokenizers and texts. The
# outputs are committed; every case that uses them is described in cases.json. Deterministic: running
# it again must leave `git status` clean. Bash only (no Python: the project never runs it).
set -euo pipefail
cd "$(dirname "$0")"
BYTEBPE=../tokenizers/bytebpe512

# --- safetensors bytes -------------------------------------------------------------------------------

# The 8 little-endian bytes of a (64-bit, possibly negative) integer.
le64() {
    local n=$1 i
    for i in 0 1 2 3 4 5 6 7; do printf "\\x$(printf %02x $(((n >> (8 * i)) & 255)))"; done
}
le32() {
    local n=$1 i
    for i in 0 1 2 3; do printf "\\x$(printf %02x $(((n >> (8 * i)) & 255)))"; done
}
dtype_size() { case $1 in F32 | I32) echo 4 ;; I64 | F64) echo 8 ;; BF16 | F16) echo 2 ;; U8 | BOOL) echo 1 ;; esac; }

# st_begin; st_tensor NAME DTYPE "d0,d1" [DATA-FILE]...; st_end FILE [METADATA-JSON-MEMBERS]
# A tensor without a data file is zeros.
st_begin() {
    ST_ENTRIES=""
    ST_OFF=0
    ST_DATA=$(mktemp)
}
st_tensor() {
    local name=$1 dtype=$2 shape=$3 data=${4:-} n d
    n=$(dtype_size "$dtype")
    for d in ${shape//,/ }; do n=$((n * d)); done
    if [[ -n $data ]]; then cat "$data" >>"$ST_DATA"; else head -c "$n" /dev/zero >>"$ST_DATA"; fi
    ST_ENTRIES+="${ST_ENTRIES:+,}\"$name\":{\"dtype\":\"$dtype\",\"shape\":[$shape],\"data_offsets\":[$ST_OFF,$((ST_OFF + n))]}"
    ST_OFF=$((ST_OFF + n))
}
st_end() {
    local file=$1 meta=${2:-} header=$ST_ENTRIES
    if [[ -n $meta ]]; then header="\"__metadata__\":{$meta}${header:+,}$header"; fi
    header="{$header}"
    { le64 ${#header}; printf '%s' "$header"; cat "$ST_DATA"; } >"$file"
    rm -f "$ST_DATA"
}
# A file of little-endian int64 values.
i64s() {
    local v
    for v in "$@"; do le64 "$v"; done
}

# --- tiny models ---------------------------------------------------------------------------------------
# Llama: vocab 16, hidden 8, 2 heads of 4 (1 kv head), intermediate 16, one block. Weights are zeros:
# these folders exist to be refused, or to be the healthy half of a refused composition.

llama_config() {  # [KEY VALUE]... overrides (values are JSON)
    local -A c=([model_type]='"llama"' [vocab_size]=16 [hidden_size]=8 [intermediate_size]=16 [num_hidden_layers]=1
        [num_attention_heads]=2 [num_key_value_heads]=1 [head_dim]=4 [max_position_embeddings]=64
        [rms_norm_eps]=1e-06 [tie_word_embeddings]=false [dtype]='"float32"')
    while (($#)); do
        c[$1]=$2
        shift 2
    done
    local out="{" k first=1
    for k in model_type vocab_size hidden_size intermediate_size num_hidden_layers num_attention_heads \
        num_key_value_heads head_dim max_position_embeddings rms_norm_eps tie_word_embeddings dtype; do
        [[ -v c[$k] ]] || continue
        out+="$([[ $first ]] || echo ,)\"$k\": ${c[$k]}"
        first=
    done
    printf '%s}\n' "$out"
}

# The tensors of the tiny Llama; "NAME=DTYPE:SHAPE" arguments override one tensor.
llama_tensors() {
    local -A over=()
    local a
    for a in "$@"; do over[${a%%=*}]=${a#*=}; done
    local spec name
    for spec in model.embed_tokens.weight=F32:16,8 model.layers.0.input_layernorm.weight=F32:8 \
        model.layers.0.self_attn.q_proj.weight=F32:8,8 model.layers.0.self_attn.k_proj.weight=F32:4,8 \
        model.layers.0.self_attn.v_proj.weight=F32:4,8 model.layers.0.self_attn.o_proj.weight=F32:8,8 \
        model.layers.0.post_attention_layernorm.weight=F32:8 model.layers.0.mlp.gate_proj.weight=F32:16,8 \
        model.layers.0.mlp.up_proj.weight=F32:16,8 model.layers.0.mlp.down_proj.weight=F32:8,16 \
        model.norm.weight=F32:8 lm_head.weight=F32:16,8; do
        name=${spec%%=*}
        spec=${over[$name]:-${spec#*=}}
        st_tensor "$name" "${spec%%:*}" "${spec#*:}"
    done
}

tiny_llama() {  # DIR [NAME=DTYPE:SHAPE]...
    local dir=$1
    shift
    mkdir -p "$dir"
    llama_config >"$dir/config.json"
    st_begin
    llama_tensors "$@"
    st_end "$dir/model.safetensors" '"format":"pt"'
}

# Mixtral with 2 experts, top-1, same sizes: a model with routers.
tiny_mixtral() {
    local dir=$1 e
    mkdir -p "$dir"
    cat >"$dir/config.json" <<'EOF'
{"model_type": "mixtral", "vocab_size": 16, "hidden_size": 8, "intermediate_size": 16, "num_hidden_layers": 1, "num_attention_heads": 2, "num_key_value_heads": 1, "head_dim": 4, "max_position_embeddings": 64, "rms_norm_eps": 1e-06, "num_local_experts": 2, "num_experts_per_tok": 1, "tie_word_embeddings": false, "dtype": "float32"}
EOF
    st_begin
    st_tensor model.embed_tokens.weight F32 16,8
    st_tensor model.layers.0.input_layernorm.weight F32 8
    st_tensor model.layers.0.self_attn.q_proj.weight F32 8,8
    st_tensor model.layers.0.self_attn.k_proj.weight F32 4,8
    st_tensor model.layers.0.self_attn.v_proj.weight F32 4,8
    st_tensor model.layers.0.self_attn.o_proj.weight F32 8,8
    st_tensor model.layers.0.post_attention_layernorm.weight F32 8
    st_tensor model.layers.0.block_sparse_moe.gate.weight F32 2,8
    for e in 0 1; do
        st_tensor model.layers.0.block_sparse_moe.experts.$e.w1.weight F32 16,8
        st_tensor model.layers.0.block_sparse_moe.experts.$e.w2.weight F32 8,16
        st_tensor model.layers.0.block_sparse_moe.experts.$e.w3.weight F32 16,8
    done
    st_tensor model.norm.weight F32 8
    st_tensor lm_head.weight F32 16,8
    st_end "$dir/model.safetensors" '"format":"pt"'
}

# A folder holding only config.json (the weights do not matter: the config is refused first).
config_only() {  # DIR CONFIG-TEXT
    mkdir -p "$1"
    printf '%s' "$2" >"$1/config.json"
}

rm -rf models compose train traces inputs text tokenizers jsonl
mkdir -p models compose train traces inputs text tokenizers jsonl

# Healthy tiny models (the other half of a refused composition, or a model fed bad inputs).
tiny_llama models/tiny_llama
tiny_mixtral models/tiny_mixtral

# Checkpoint folders.
mkdir -p models/config_only && llama_config >models/config_only/config.json
mkdir -p models/pickle && llama_config >models/pickle/config.json
# A pickle's first bytes (protocol 2, an empty dict): it must be refused by its name, never opened.
printf '\x80\x02}q\x00.' >models/pickle/pytorch_model.bin
mkdir -p models/pickle_sharded && llama_config >models/pickle_sharded/config.json
printf '{"metadata": {}, "weight_map": {"lm_head.weight": "pytorch_model-00001-of-00002.bin"}}\n' \
    >models/pickle_sharded/pytorch_model.bin.index.json
tiny_llama models/norm_shape model.norm.weight=F32:4          # loads as a folder; one tensor differs from tiny_llama
tiny_llama models/embed_int32 model.embed_tokens.weight=I32:16,8
tiny_llama models/hidden_mismatch && llama_config hidden_size 16 >models/hidden_mismatch/config.json
tiny_llama models/hidden_1e12 && llama_config hidden_size 1000000000000 >models/hidden_1e12/config.json
tiny_llama models/incomplete && printf 'An interrupted moe build / moe train left this folder; it is not a model.\n' \
    >models/incomplete/.moe-incomplete

mkdir -p models/truncated_weights && llama_config >models/truncated_weights/config.json
st_begin && llama_tensors && st_end models/truncated_weights/model.safetensors
truncate -s -100 models/truncated_weights/model.safetensors
mkdir -p models/header_2e60 && llama_config >models/header_2e60/config.json
{ le64 $((1 << 60)); printf '{}'; } >models/header_2e60/model.safetensors
mkdir -p models/terabyte_tensor && llama_config >models/terabyte_tensor/config.json
header='{"model.embed_tokens.weight":{"dtype":"F32","shape":[1099511627776,8],"data_offsets":[0,35184372088832]}}'
{ le64 ${#header}; printf '%s' "$header"; head -c 64 /dev/zero; } >models/terabyte_tensor/model.safetensors
mkdir -p models/overlapping_offsets && llama_config >models/overlapping_offsets/config.json
header='{"a":{"dtype":"F32","shape":[4],"data_offsets":[0,16]},"model.norm.weight":{"dtype":"F32","shape":[4],"data_offsets":[8,24]}}'
{ le64 ${#header}; printf '%s' "$header"; head -c 24 /dev/zero; } >models/overlapping_offsets/model.safetensors
mkdir -p models/bf16_size && llama_config >models/bf16_size/config.json
header='{"model.norm.weight":{"dtype":"BF16","shape":[8],"data_offsets":[0,32]}}'  # BF16 x 8 is 16 bytes
{ le64 ${#header}; printf '%s' "$header"; head -c 32 /dev/zero; } >models/bf16_size/model.safetensors
mkdir -p models/missing_shard && llama_config >models/missing_shard/config.json
st_begin && st_tensor model.embed_tokens.weight F32 16,8 && st_end models/missing_shard/model-00001-of-00002.safetensors
printf '{"metadata": {"total_size": 1024}, "weight_map": {"model.embed_tokens.weight": "model-00001-of-00002.safetensors", "lm_head.weight": "model-00002-of-00002.safetensors"}}\n' \
    >models/missing_shard/model.safetensors.index.json
mkdir -p models/index_not_json && llama_config >models/index_not_json/config.json
printf '{"weight_map": {"lm_head.weight": ' >models/index_not_json/model.safetensors.index.json

# config.json variants (no weights needed: config.json is read first).
config_only models/config_not_json '{"model_type": "llama", "hidden_size": 8'
config_only models/config_invalid_utf8 $'{"model_type": "llama\xff\xfe", "hidden_size": 8}'
config_only models/config_nan "$(llama_config rms_norm_eps NaN)"
config_only models/config_huge_number "$(llama_config rms_norm_eps 1e999)"
config_only models/config_layers_1e9 "$(llama_config num_hidden_layers 1000000000)"
config_only models/config_negative_heads "$(llama_config num_attention_heads -2)"
config_only models/config_float_layers "$(llama_config num_hidden_layers 2.5)"
config_only models/config_string_vocab "$(llama_config vocab_size '"16"')"
config_only models/config_unknown_arch "$(llama_config model_type '"bert"')"
config_only models/config_heads_not_multiple "$(llama_config num_key_value_heads 3 num_attention_heads 4)"
config_only models/config_array '[{"model_type": "llama"}]'
config_only models/config_empty ''
mkdir -p models/config_folder/config.json && printf 'config.json is a folder here.\n' >models/config_folder/config.json/README
deep() { printf "%${1}s" | tr ' ' '['; printf "%${1}s" | tr ' ' ']'; }  # N nested empty lists
config_only models/config_deep_nesting "{\"model_type\": \"llama\", \"vocab_size\": $(deep 100000)}"

# Models with routers, for route and train.
tiny_mixtral models/mixtral_bad_tokenizer
printf '{"version": "1.0", "model": {"type": "BPE", "vocab": {"a": 0}, "merges": [' \
    >models/mixtral_bad_tokenizer/tokenizer.json
tiny_mixtral models/mixtral_with_tokenizer
cp "$BYTEBPE/tokenizer.json" "$BYTEBPE/tokenizer_config.json" models/mixtral_with_tokenizer/

# --- composition configs (expert paths are relative to tests/data/bad, where the test runs moe) ---------

two_experts() {  # NAME-A PATH-A NAME-B PATH-B
    printf '[{"expert_name": "%s", "model_id": "%s"}, {"expert_name": "%s", "model_id": "%s"}]' "$@"
}
traditional() {  # EXPERTS [EXTRA-MEMBERS]
    printf '{"moe_method": "traditional", "model_type": "tinymoe", "num_experts_per_tok": 1, "experts": %s%s}\n' "$1" "${2:+, $2}"
}
ok2=$(two_experts a models/tiny_llama b models/tiny_llama)
traditional "$ok2" >compose/valid.json
traditional "$ok2" | sed 's/"num_experts_per_tok": 1/"num_experts_per_tok": 3/' >compose/topk_exceeds_experts.json
traditional "$ok2" | sed 's/"num_experts_per_tok": 1/"num_experts_per_tok": 1e30/' >compose/topk_huge.json
traditional "$(two_experts a models/tiny_llama a models/tiny_llama)" >compose/duplicate_expert_names.json
traditional "$(two_experts a models/tiny_llama b models/no_such_folder)" >compose/missing_expert_folder.json
traditional "$(two_experts a models/tiny_llama b models/norm_shape)" >compose/mismatched_expert_shapes.json
traditional "$(two_experts a models/tiny_llama b ../models/gpt2)" >compose/architectures_differ.json
traditional "$(two_experts a models/tiny_llama b models/pickle)" >compose/pickle_expert.json
traditional "$(two_experts a models/tiny_llama b models/truncated_weights)" >compose/truncated_expert.json
traditional "$ok2" '"router_layers_index": [99]' >compose/block_out_of_range.json
traditional "$ok2" '"alpha": -1' >compose/alpha_negative.json
traditional "$ok2" '"alpha": NaN' >compose/alpha_nan.json
traditional "$ok2" '"seed": -3' >compose/seed_negative.json
traditional "[]" >compose/no_experts.json
traditional "$ok2" | sed 's/"traditional"/"mixture"/' >compose/unknown_method.json
printf '[1, 2, 3]\n' >compose/not_an_object.json
printf '{"moe_method": "traditional", "experts": [' >compose/truncated.json
traditional "$(two_experts $'caf\xe9' models/tiny_llama b models/tiny_llama)" >compose/invalid_utf8.json
printf 'base_model: models/tiny_llama\nexperts:\n  - source_model: [unclosed\n' >compose/bad_yaml.yaml
traditional "$ok2" "\"alpha\": $(deep 100000)" >compose/deep_nesting.json
{ printf 'base_model: '; deep 100000; printf '\n'; } >compose/deep_nesting.yaml

# --- training configs --------------------------------------------------------------------------------
printf '{"steps": 2, "seq_len": 4, "batch_size": 1, "eval_fraction": 0.5}\n' >train/valid.json
printf '{"steps": -5}\n' >train/steps_negative.json
printf '{"steps": 2, "lr": 1e300}\n' >train/lr_huge.json
printf '{"steps": 2, "lerning_rate": 0.1}\n' >train/unknown_key.json
printf '{"steps": 2, "lr": NaN}\n' >train/lr_nan.json
printf '["steps", 2]\n' >train/not_an_object.json

# --- texts ----------------------------------------------------------------------------------------------
printf 'Caf\xe9 au lait: Latin-1, not UTF-8.\n' >text/latin1.txt
printf 'text\x00with a NUL byte\n' >text/nul_byte.txt
printf 'Overlong slash \xc0\xaf and a lone surrogate \xed\xa0\x80.\n' >text/overlong_utf8.txt
: >text/empty.txt

# --- tokenize inputs and tokenizers ---------------------------------------------------------------------
printf '{"text": "fine"}\n{"text": "broken\n' >jsonl/invalid_json.jsonl
printf '{"text": "caf\xe9"}\n' >jsonl/invalid_utf8.jsonl
printf '{"txt": "no text key"}\n' >jsonl/missing_text.jsonl
printf '{"version": "1.0", "model": {"type": "BPE", "vocab": ' >tokenizers/truncated.json
printf '{"model": {"type": "BPE", "vocab": {"\xff": 0}, "merges": []}}' >tokenizers/invalid_utf8.json
printf '{"model": {"type": "Transformer-XL", "vocab": {}}}' >tokenizers/unknown_model.json
printf '{"model": {"type": "BPE", "vocab": {"a": 4294967296}, "merges": []}}' >tokenizers/id_out_of_range.json
printf '{"model": {"type": "BPE", "vocab": {"a": 0, "b": 1}, "merges": ["a c"]}}' >tokenizers/merge_unknown_token.json
printf '{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "pre_tokenizer": {"type": "Split", "pattern": {"Regex": "(unclosed"}, "behavior": "Isolated", "invert": false}}' \
    >tokenizers/bad_regex.json
{ printf '{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "normalizer": '; deep 100000; printf '}'; } \
    >tokenizers/deep_nesting.json
seq_normalizer() {  # N normalizers, each a Sequence holding the next
    local i
    for ((i = 0; i < $1; i++)); do printf '{"type": "Sequence", "normalizers": ['; done
    printf '{"type": "Lowercase"}'
    for ((i = 0; i < $1; i++)); do printf ']}'; done
}
{ printf '{"model": {"type": "BPE", "vocab": {"a": 0}, "merges": []}, "normalizer": '; seq_normalizer 20000; printf '}'; } \
    >tokenizers/nested_sequences.json

# --- input_ids for forward / route --------------------------------------------------------------------
ids=$(mktemp)
i64s 1 2 3 >"$ids" && st_begin && st_tensor input_ids I64 1,3 "$ids" && st_end inputs/valid.safetensors
i64s 1 100000 2 >"$ids" && st_begin && st_tensor input_ids I64 1,3 "$ids" && st_end inputs/id_out_of_vocab.safetensors
i64s 1 -5 2 >"$ids" && st_begin && st_tensor input_ids I64 1,3 "$ids" && st_end inputs/id_negative.safetensors
st_begin && st_tensor input_ids F32 1,3 && st_end inputs/ids_float.safetensors
i64s 1 2 3 >"$ids" && st_begin && st_tensor input_ids I64 1,1,3 "$ids" && st_end inputs/ids_3d.safetensors
st_begin && st_tensor input_ids I64 1,0 && st_end inputs/ids_empty.safetensors
i64s 1 2 3 >"$ids" && st_begin && st_tensor tokens I64 1,3 "$ids" && st_end inputs/no_input_ids.safetensors
i64s 1 2 3 4 5 6 >"$ids" && st_begin && st_tensor input_ids I64 2,3 "$ids" && st_end inputs/two_sequences.safetensors
rm -f "$ids"

# --- routing traces -------------------------------------------------------------------------------------
# trace FILE TOP_K EXPERTS-JSON SITES-JSON TOKENS-JSON S T E [FORMAT]; input_ids are 1..T.
trace() {
    local file=$1 k=$2 experts=$3 sites=$4 tokens=$5 S=$6 T=$7 E=$8 format=${9:-moe-studio-trace/1} t
    local ids
    ids=$(mktemp)
    for ((t = 1; t <= T; t++)); do le64 $t; done >"$ids"
    local esc_e=${experts//\"/\\\"} esc_s=${sites//\"/\\\"} esc_t=${tokens//\"/\\\"}
    st_begin
    st_tensor input_ids I64 "$T" "$ids"
    st_tensor logits F32 "$S,$T,$E"
    st_tensor weights F32 "$S,$T,$E"
    st_end "$file" "\"format\":\"$format\",\"model\":\"tiny\",\"method\":\"traditional\",\"experts\":\"$esc_e\",\"sites\":\"$esc_s\",\"tokens\":\"$esc_t\",\"text\":\"ab\",\"top_k\":\"$k\""
    rm -f "$ids"
}
sites1='[{"layer": 0, "proj": "block"}]'
trace traces/valid.safetensors 1 '["a", "b"]' "$sites1" '["a", "b"]' 1 2 2
trace traces/wrong_format.safetensors 1 '["a", "b"]' "$sites1" '["a", "b"]' 1 2 2 moe-studio-trace/9
trace traces/top_k_zero.safetensors 0 '["a", "b"]' "$sites1" '["a", "b"]' 1 2 2
trace traces/top_k_exceeds_experts.safetensors 5 '["a", "b"]' "$sites1" '["a", "b"]' 1 2 2
trace traces/tokens_not_json.safetensors 1 '["a", "b"]' "$sites1" '[a, b' 1 2 2
trace traces/token_count_differs.safetensors 1 '["a", "b"]' "$sites1" '["a"]' 1 2 2
trace traces/weights_shape_differs.safetensors 1 '["a", "b", "c"]' "$sites1" '["a", "b"]' 1 2 2
trace traces/site_without_layer.safetensors 1 '["a", "b"]' '[{"proj": "block"}]' '["a", "b"]' 1 2 2
trace traces/no_experts.safetensors 1 '[]' "$sites1" '["a", "b"]' 1 2 0

echo "corpus written under $(pwd)"
