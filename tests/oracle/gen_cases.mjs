// Deterministic generator of test strings for the tokenizer differential test.
//
//   node gen_cases.mjs [--tokenizer TOKENIZER.json] [--count N] [--seed S]  > CASES.jsonl
//
// Prints N lines {"text": str, "add_special_tokens": bool} (default N = 2000, S = 1). The same N, S and
// tokenizer always give the same bytes. A fixed list of edge cases comes first, then random mixtures of
// fragments: scripts, combining marks, emoji sequences, whitespace runs, numbers, punctuation, code,
// special-token text (from the tokenizer's added_tokens), repeats, long words, noncharacters, private
// use and control characters. Strings are built from code points, so they are always valid UTF-8.
import { readFileSync } from 'node:fs';

const opt = { count: 2000, seed: 1, tokenizer: null };
for (let i = 2; i < process.argv.length; i += 2) {
  const [k, v] = [process.argv[i].replace(/^--/, ''), process.argv[i + 1]];
  if (!(k in opt) || v === undefined) {
    process.stderr.write('usage: node gen_cases.mjs [--tokenizer TOKENIZER.json] [--count N] [--seed S]\n');
    process.exit(2);
  }
  opt[k] = k === 'tokenizer' ? v : Number(v);
}

// mulberry32: small, seedable, identical on every platform.
let state = opt.seed >>> 0;
const rand = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1)); // inclusive
const pick = (a) => a[Math.floor(rand() * a.length)];
const times = (n, f) => Array.from({ length: n }, f).join('');
const cp = (lo, hi) => String.fromCodePoint(int(lo, hi));
const words = (list, lo, hi, sep = ' ') => Array.from({ length: int(lo, hi) }, () => pick(list)).join(sep);

const specials = opt.tokenizer
  ? JSON.parse(readFileSync(opt.tokenizer, 'utf8')).added_tokens.map((t) => t.content)
  : [];
// The first few added tokens are the usual bos/eos/pad; keep them likely, then any of the others.
const special = () => (rand() < 0.5 ? pick(specials.slice(0, 8)) : pick(specials)) ?? '<s>';

const LATIN = ['Hello', 'world', 'the', 'naïve', 'café', 'résumé', 'Ångström', 'façade', 'jalapeño', 'Straße',
  'ĲSSEL', 'İstanbul', 'ışık', 'Łódź', 'Ærø', 'œuvre', 'São', 'Nguyễn', 'dấu', 'Việt', "don't", "I'M", "it's",
  "we'll", "they'd", "You'RE", 'e\u0301te\u0301', 'A\u030A', 'ﬁnance', 'Ｆｕｌｌｗｉｄｔｈ', 'K', 'Å', 'µ'];
const SCRIPTS = [
  ['مرحبا', 'بالعالم', 'السَّلَامُ', 'عَلَيْكُمْ', 'كتاب', 'النهارده', 'ﻻ', 'ـــ', '؟', '،'],
  ['3ayez', '7abibi', 'ana', 'mesh', '3aref', 'ezayak', 'ya', '5ales', 'ma3lesh', '2ahwa', 'msh'],
  ['Привет', 'мир', 'ёлка', 'Ёж', 'щука', 'Україна', 'ґ', 'Й', 'И\u0306'],
  ['Γειά', 'σου', 'κόσμε', 'ΌΣΟΣ', 'ς', 'ΐ', 'ᾼ', 'ϐ'],
  ['你好', '世界', '漢字', '中文測試', 'こんにちは', 'カタカナ', 'ｶﾀｶﾅ', 'ｶﾞ', '日本語', '𠀋', '𪚥', '〇'],
  ['안녕하세요', '세계', '한국어', '\u1100\u1161\u11A8', 'ㄱㄴㄷ', '힣'],
  ['नमस्ते', 'दुनिया', 'क़', 'क\u093C', 'हिन्दी', 'श्री', '॥'],
  ['สวัสดี', 'ชาวโลก', 'ภาษาไทย', 'น้ำ', 'กรุงเทพฯ', 'ๆ'],
];
const COMBINING = () => times(int(1, 8), () => cp(0x300, 0x36f));
const EMOJI = ['😀', '👍', '👍🏽', '👍🏿', '❤️', '❤', '☺︎', '☺️', '1️⃣', '#️⃣', '🇺🇸', '🇪🇬', '🇯🇵', '🇦', '🇦🇧🇨',
  '👨‍👩‍👧‍👦', '🏳️‍🌈', '👩🏽‍💻', '🧑🏻‍🤝‍🧑🏿', '🏴󠁧󠁢󠁳󠁣󠁴󠁿', '🫠', '🦄', '©', '™️', '\u200D', '\uFE0F', '🏻'];
const SPACE = [' ', '  ', '\t', '\n', '\r\n', '\r', '\n\n', '\u00A0', '\u3000', '\u2002', '\u2009', '\u200A',
  '\u200B', '\u200C', '\u200D', '\uFEFF', '\u2028', '\u2029', '\u0085', '\u000B', '\u000C', '\u180E', '\u202F'];
const PUNCT = ['.', ',', '!', '?', '...', '…', '—', '–', '-', '«', '»', '“', '”', '‘', '’', '"', "'", '(', ')',
  '[', ']', '{', '}', '<', '>', '/', '\\', '|', '@', '#', '$', '%', '^', '&', '*', '_', '~', '`', '¿', '¡',
  '「', '」', '、', '。', '！', '？', '：', '؛', '।', '♪', '→', '∑', '°', '€', '£', '¥', '₹'];
const CODE = [
  'def f(x):\n    return x ** 2  # square\n',
  'for (int i = 0; i < n; ++i) {\n\tsum += a[i];\n}',
  '{"key": [1, 2.5e-3, null, true], "k2": "v\\n"}',
  '<div class="a">&amp;&lt;/div&gt;</div>',
  '#!/usr/bin/env bash\nset -euo pipefail\necho "$HOME" | grep -q x && exit 1',
  'SELECT * FROM t WHERE id = 42;',
  'const re = /^[a-z]+$/i; // regex',
  'std::vector<std::unique_ptr<Foo>> v;',
  '    if x:\n        pass\n\n\n',
  'https://example.com/path?q=1&r=%20x#frag',
  'user.name+tag@example.co.uk',
];
const NUMBER = () => pick([
  () => times(int(1, 60), () => cp(0x30, 0x39)),
  () => `${int(0, 999)},${int(100, 999)},${int(100, 999)}.${int(0, 99)}`,
  () => `${int(-500, 500)}.${int(0, 9999)}e${int(-30, 30)}`,
  () => `${int(1, 31)}/${int(1, 12)}/${int(1900, 2100)} ${int(0, 23)}:${int(10, 59)}`,
  () => times(int(1, 12), () => cp(0x660, 0x669)), // Arabic-Indic
  () => times(int(1, 12), () => cp(0xff10, 0xff19)), // fullwidth
  () => times(int(1, 8), () => cp(0x966, 0x96f)), // Devanagari
  () => pick(['²', '³', '½', '⅞', 'Ⅻ', '①', '𝟙𝟚', '0x1F', '1e10', '3.14159']),
])();
const ODD = () => pick([
  () => cp(0xfdd0, 0xfdef), // noncharacters
  () => pick(['\uFFFE', '\uFFFF', '\u{1FFFE}', '\u{1FFFF}', '\u{10FFFE}', '\u{10FFFF}', '\uFFFD']),
  () => cp(0xe000, 0xf8ff), // private use
  () => cp(0xf0000, 0xf00ff),
  () => cp(0x0, 0x1f), // C0 controls, NUL included
  () => cp(0x7f, 0x9f),
  () => '\u0000',
  () => cp(0x20, 0xd7ff), // any BMP code point before the surrogates
  () => cp(0xe000, 0xfffd),
  () => cp(0x10000, 0x3ffff),
])();
const SPECIAL = () => pick([
  special,
  () => ` ${special()} `,
  () => special() + special(),
  () => `x${special()}y`,
  () => chop(special()), // a prefix of a special token
  () => special().toUpperCase(),
])();
const REPEAT = () => pick(['a', 'ab', '!', '_', '-', ' ', '\n', '=', '0', '😀', 'ه', '字', '\u0301']).repeat(int(2, 300));
const LONGWORD = () => times(int(30, 400), () => pick([...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZéßж字']));
const chop = (s) => [...s].slice(0, -int(1, 2)).join('') || s; // a prefix of s, cut at a code point

const FRAGMENTS = [
  [6, () => words(LATIN, 1, 8)],
  [6, () => words(pick(SCRIPTS), 1, 8, pick([' ', ' ', '', '\u00A0']))],
  [3, () => pick([' ', '', 'a', 'ا', 'क', '\n']) + COMBINING()],
  [5, () => words(EMOJI, 1, 5, pick(['', ' ']))],
  [5, () => words(SPACE, 1, 6, '')],
  [4, NUMBER],
  [4, () => words(PUNCT, 1, 6, pick(['', ' ']))],
  [3, () => pick(CODE)],
  [specials.length ? 4 : 0, SPECIAL],
  [2, REPEAT],
  [2, LONGWORD],
  [3, ODD],
];
const totalWeight = FRAGMENTS.reduce((n, [w]) => n + w, 0);
const fragment = () => {
  let r = rand() * totalWeight;
  for (const [w, f] of FRAGMENTS) if ((r -= w) < 0) return f();
  return FRAGMENTS[0][1]();
};

const fixed = ['', ' ', '  ', '\n', '\r\n', '\t', '\u0000', 'a', 'A B', ' leading', 'trailing ', ' both ',
  '\u00A0', '\u3000', '\u200B', '\uFEFF', 'e\u0301', '\u0301', '\u{10FFFF}', '\uE000', '👨‍👩‍👧‍👦', '🇺🇸🇪🇬',
  times(1000, () => 'a'), times(200, () => ' '), ...specials.slice(0, 8), specials.slice(0, 4).join('')];

const out = [];
for (let i = 0; i < opt.count; i++) {
  let text;
  if (i < fixed.length * 2) text = fixed[i >> 1];
  else text = times(int(1, rand() < 0.1 ? 30 : 6), () => fragment() + (rand() < 0.5 ? pick([' ', '', '\n']) : ''));
  const add = i < fixed.length * 2 ? (i & 1) === 1 : rand() < 0.5;
  out.push(JSON.stringify({ text, add_special_tokens: add }));
}
process.stdout.write(out.length ? out.join('\n') + '\n' : '');
