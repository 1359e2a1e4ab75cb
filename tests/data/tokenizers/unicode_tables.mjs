// Probes the reference library (`tokenizers` 0.23, Node bindings) for the character properties it uses,
// one code point at a time, and prints them as JSON {name: [[first, last], ...]}. unicode_tables.py
// turns them into the tables of core/tokenizer/unicode_tables.h. The library mixes Unicode versions: its
// normalization tables are Unicode 9, its category tables older, Rust's lowercase mapping and the
// regex engines' properties recent.
//
//   NODE_PATH=tests/oracle/node_modules node tests/data/tokenizers/unicode_tables.mjs > probe.json
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const tk = require('tokenizers');

const SEP = '\u0378'; // unassigned: no normalizer here changes or produces it
const all = [];
for (let c = 0; c <= 0x10ffff; c++) if ((c < 0xd800 || c > 0xdfff) && c !== 0x378) all.push(c);
const ch = (c) => String.fromCodePoint(c);
const CHUNK = 4096;

function normalizeEach(normalizer) {
  const out = new Map();
  for (let i = 0; i < all.length; i += CHUNK) {
    const part = all.slice(i, i + CHUNK);
    const res = normalizer.normalizeString(part.map(ch).join(SEP) + SEP).split(SEP);
    part.forEach((c, k) => out.set(c, res[k]));
  }
  return out;
}

const ranges = (pred) => {
  const r = [];
  for (const c of all) {
    if (!pred(c)) continue;
    if (r.length && r[r.length - 1][1] === c - 1) r[r.length - 1][1] = c;
    else r.push([c, c]);
  }
  return r;
};

// Code points a pre-tokenizer matches: a tokenizer whose Split (behavior Removed) drops them and whose
// WordLevel model turns every remaining piece into one <unk> with its character offsets.
async function matchedBy(preTokenizer) {
  const json = { version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null, pre_tokenizer: preTokenizer,
    post_processor: null, decoder: null, model: { type: 'WordLevel', vocab: { '<unk>': 0 }, unk_token: '<unk>' } };
  const t = tk.Tokenizer.fromString(JSON.stringify(json));
  const matched = new Set();
  for (let i = 0; i < all.length; i += CHUNK) {
    const part = all.slice(i, i + CHUNK);
    const e = await t.encode(part.map(ch).join(''), null, { addSpecialTokens: false });
    const kept = new Uint8Array(part.length);
    for (const [b, en] of e.getOffsets()) for (let k = b; k < en; k++) kept[k] = 1;
    part.forEach((c, k) => { if (!kept[k]) matched.add(c); });
  }
  return matched;
}
const regex = (re) => ({ type: 'Split', pattern: { Regex: re }, behavior: 'Removed', invert: false });

// A single character c between two ASCII letters is its own piece for these pre-tokenizers exactly when
// the predicate holds.
async function isolatedBy(preTokenizer) {
  const json = { version: '1.0', truncation: null, padding: null, added_tokens: [], normalizer: null, pre_tokenizer: preTokenizer,
    post_processor: null, decoder: null, model: { type: 'WordLevel', vocab: { '<unk>': 0 }, unk_token: '<unk>' } };
  const t = tk.Tokenizer.fromString(JSON.stringify(json));
  const isolated = new Set();
  const STEP = 1024;
  for (let i = 0; i < all.length; i += STEP) {
    const part = all.slice(i, i + STEP);
    const e = await t.encode(part.map((c) => 'q' + ch(c)).join('') + 'q', null, { addSpecialTokens: false });
    for (const [b, en] of e.getOffsets()) if (en - b === 1 && b % 2 === 1) isolated.add(part[(b - 1) / 2]);
  }
  return isolated;
}

(async () => {
  const clean = normalizeEach(tk.bertNormalizer({ cleanText: true, handleChineseChars: false, stripAccents: false, lowercase: false }));
  const marks = normalizeEach(tk.stripAccentsNormalizer());
  const dec = normalizeEach(tk.nfdNormalizer());
  const kdec = normalizeEach(tk.nfkdNormalizer());
  const mn = normalizeEach(tk.bertNormalizer({ cleanText: false, handleChineseChars: false, stripAccents: true, lowercase: false }));
  const low = normalizeEach(tk.lowercase());
  const out = {
    other: ranges((c) => clean.get(c) === '' && c !== 0 && c !== 0xfffd),
    combining_mark: ranges((c) => marks.get(c) === ''),
    nonspacing_mark: ranges((c) => dec.get(c) === ch(c) && mn.get(c) === ''),
    canonical_decomposes: ranges((c) => dec.get(c) !== ch(c)),
    compat_decomposes: ranges((c) => kdec.get(c) !== ch(c)),
    lowercase: all.filter((c) => low.get(c) !== ch(c)).map((c) => [c, ...[...low.get(c)].map((x) => x.codePointAt(0))]),
  };
  const punct = await isolatedBy({ type: 'Punctuation', behavior: 'Isolated' });
  out.punctuation = ranges((c) => punct.has(c));
  const numeric = await isolatedBy({ type: 'Digits', individual_digits: true });
  out.numeric = ranges((c) => numeric.has(c));
  // Oniguruma's general categories (Split regexes) and the Rust regex crate's \w (Whitespace).
  for (const gc of ['L', 'Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'M', 'Mn', 'Mc', 'Me', 'N', 'Nd', 'Nl', 'No', 'P', 'Pc', 'Pd', 'Ps', 'Pe', 'Pi', 'Pf',
    'Po', 'S', 'Sm', 'Sc', 'Sk', 'So', 'Z', 'Zs', 'Zl', 'Zp', 'C', 'Cc', 'Cf', 'Co']) {
    const m = await matchedBy(regex(`\\p{${gc}}`));
    out['onig_' + gc] = ranges((c) => m.has(c));
  }
  const ws = await matchedBy({ type: 'Whitespace' }); // removes \s, keeps \w+ and [^\w\s]+
  const word = await isolatedBy({ type: 'Whitespace' }); // isolated between letters: not \w, not \s
  out.rust_word = ranges((c) => !ws.has(c) && !word.has(c));
  process.stdout.write(JSON.stringify(out) + '\n');
})().catch((e) => { console.error(e); process.exit(1); });
