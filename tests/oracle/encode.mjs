// Reference side of the `moe tokenize` contract (DESIGN §3), through the Hugging Face `tokenizers`
// library (0.23, Rust with Node bindings).
//
//   node encode.mjs TOKENIZER.json CASES.jsonl [--batch] [--time]  > OUT.jsonl
//
// Each input line {"text": str, "add_special_tokens": bool} gives one output line
// {"ids": [...], "tokens": [...], "offsets": [[b,e],...], "decoded": str}: offsets in characters as the
// library reports them, decoded = decode(ids) keeping special tokens. Blank input lines are skipped.
// --batch: one encodeBatch/decodeBatch call per add_special_tokens value instead of one call per case
//          (used by the benchmark; set TOKENIZERS_PARALLELISM=false to keep it single-threaded).
// --time:  print "load_ms=… encode_ms=… tokens=…" on stderr (encode_ms includes decode and JSON output).
import { readFileSync } from 'node:fs';
import { Tokenizer } from 'tokenizers';

const args = process.argv.slice(2);
const flags = new Set(args.filter((a) => a.startsWith('--')));
const [tokenizerPath, casesPath] = args.filter((a) => !a.startsWith('--'));
if (!tokenizerPath || !casesPath) {
  process.stderr.write('usage: node encode.mjs TOKENIZER.json CASES.jsonl [--batch] [--time]\n');
  process.exit(2);
}

const cases = readFileSync(casesPath, 'utf8')
  .split('\n')
  .filter((line) => line.trim() !== '')
  .map((line, i) => {
    const c = JSON.parse(line);
    if (typeof c.text !== 'string') throw new Error(`${casesPath}: line ${i + 1}: "text" is not a string`);
    return { text: c.text, add: c.add_special_tokens === true };
  });

const t0 = performance.now();
const tokenizer = Tokenizer.fromFile(tokenizerPath);
const t1 = performance.now();

let tokens = 0;
const line = (e, decoded) => {
  const ids = e.getIds();
  tokens += ids.length;
  return JSON.stringify({ ids, tokens: e.getTokens(), offsets: e.getOffsets(), decoded });
};

const out = new Array(cases.length);
if (flags.has('--batch')) {
  for (const add of [false, true]) {
    const idx = cases.flatMap((c, i) => (c.add === add ? [i] : []));
    if (idx.length === 0) continue;
    const encs = await tokenizer.encodeBatch(idx.map((i) => cases[i].text), { addSpecialTokens: add });
    const decs = await tokenizer.decodeBatch(encs.map((e) => e.getIds()), false);
    idx.forEach((i, k) => (out[i] = line(encs[k], decs[k])));
  }
} else {
  for (let i = 0; i < cases.length; i++) {
    const e = await tokenizer.encode(cases[i].text, null, { addSpecialTokens: cases[i].add });
    out[i] = line(e, await tokenizer.decode(e.getIds(), false));
  }
}
process.stdout.write(out.length ? out.join('\n') + '\n' : ''); // synchronous for files and pipes on Linux
const t2 = performance.now();

if (flags.has('--time')) {
  process.stderr.write(`load_ms=${(t1 - t0).toFixed(1)} encode_ms=${(t2 - t1).toFixed(1)} tokens=${tokens}\n`);
}
