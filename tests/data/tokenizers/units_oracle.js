// Regenerates units.json: small hand-made tokenizer.json files, one or a few components each, with the
// encodings the reference library (`tokenizers` npm package) produces for a set of texts.
// usage: NODE_PATH=tests/oracle/node_modules node tests/data/tokenizers/units_oracle.js > tests/data/tokenizers/units.json
const { Tokenizer } = require('tokenizers');

// --- base models --------------------------------------------------------------------------------
// Byte-level BPE over the 256 GPT-2 byte characters plus a few merges.
function byteChars() {
  const bs = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const map = {};
  let n = 0;
  for (let b = 0; b < 256; b++) map[b] = bs.includes(b) ? String.fromCodePoint(b) : String.fromCodePoint(256 + n++);
  return map;
}
function byteLevelBpe(extra = {}) {
  const vocab = {};
  const chars = byteChars();
  for (let b = 0; b < 256; b++) vocab[chars[b]] = b;
  const merges = [['Ġ', 't'], ['h', 'e'], ['Ġt', 'he'], ['i', 'n'], ['Ġ', 'a'], ['e', 'r'], ['o', 'n'], ['Ġa', 'n'], ['Ġan', 'd'],
    ['l', 'l'], ['e', 'll'], ['h', 'ell'], ['hell', 'o'], ['Ġ', 'w'], ['o', 'r'], ['Ġw', 'or'], ['Ġwor', 'l'], ['Ġworl', 'd'],
    ['Ġ', 'Ġ'], ['ĠĠ', 'ĠĠ'], ['Ã', '©'], ['c', 'a'], ['ca', 'f'], ['caf', 'Ã©'], ['2', '0'], ['20', '2'], ['Ċ', 'Ċ']];
  let id = 256;
  for (const [a, b] of merges) if (!(a + b in vocab)) vocab[a + b] = id++;
  return Object.assign({ type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null, end_of_word_suffix: null,
    fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges }, extra);
}
// SentencePiece-style BPE with byte fallback: <unk>, <s>, </s>, <0x00>..<0xFF>, letters and merges.
function spBpe(extra = {}) {
  const vocab = { '<unk>': 0, '<s>': 1, '</s>': 2 };
  let id = 3;
  for (let b = 0; b < 256; b++) vocab['<0x' + b.toString(16).toUpperCase().padStart(2, '0') + '>'] = id++;
  for (const c of '▁abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?\'-éèçïİıσςΣ') if (!(c in vocab)) vocab[c] = id++;
  const merges = [['▁', 't'], ['h', 'e'], ['▁t', 'he'], ['i', 'n'], ['▁', 'a'], ['e', 'r'], ['o', 'n'], ['▁a', 'n'], ['▁an', 'd'],
    ['l', 'l'], ['e', 'll'], ['H', 'ell'], ['Hell', 'o'], ['▁', 'w'], ['o', 'r'], ['▁w', 'or'], ['▁wor', 'l'], ['▁worl', 'd'],
    ['▁', '▁'], ['c', 'a'], ['ca', 'f'], ['caf', 'é'], ['2', '0'], ['▁', 'H'], ['▁H', 'ello']];
  for (const [a, b] of merges) {
    if (!(a + b in vocab)) vocab[a + b] = id++;
  }
  vocab['ello'] = id++;
  merges.splice(merges.length - 1, 0, ['e', 'llo'], ['l', 'lo'], ['l', 'o']);
  for (const [a, b] of merges) if (!(a + b in vocab)) vocab[a + b] = id++;
  return Object.assign({ type: 'BPE', dropout: null, unk_token: '<unk>', continuing_subword_prefix: null, end_of_word_suffix: null,
    fuse_unk: true, byte_fallback: true, ignore_merges: false, vocab, merges: merges.map(([a, b]) => a + ' ' + b) }, extra);
}
function wordPiece() {
  const vocab = {};
  ['[UNK]', '[CLS]', '[SEP]', '[PAD]', '[MASK]', 'hello', 'world', 'the', 'cafe', 'caf', '##e', '##é', 'and', 'a', '##b', '##c', 'x',
    ',', '.', '!', "'", 's', '##s', 'is', '202', '##4', '2024', 'naive', 'na', '##ive', '##ï', 'test', '##ing'].forEach((t, i) => { vocab[t] = i; });
  return { type: 'WordPiece', unk_token: '[UNK]', continuing_subword_prefix: '##', max_input_chars_per_word: 100, vocab };
}
function wordLevel() {
  const vocab = { '<unk>': 0, hello: 1, world: 2, the: 3, ',': 4, '.': 5, '!': 6, and: 7 };
  return { type: 'WordLevel', vocab, unk_token: '<unk>' };
}

// Unigram over a few scored pieces (+ <0xXX> pieces for byte fallback).
function unigram(extra = {}) {
  const pieces = [['<unk>', 0], ['<s>', 0], ['</s>', 0]];
  for (let b = 0; b < 256; b++) pieces.push(['<0x' + b.toString(16).toUpperCase().padStart(2, '0') + '>', 0]);
  const scored = { '▁': -2, '▁the': -3, 'the': -4, 'he': -5, '▁a': -4, 'and': -5, '▁and': -4.5, 'ing': -5, '▁Hello': -6, 'Hello': -7,
    '▁world': -6, 'wor': -8, 'ld': -7, 'caf': -8, 'é': -6, 'e': -5, 'a': -5, 'c': -6, 'f': -6, 'h': -6, 'l': -6, 'o': -5, 'r': -6,
    'w': -6, 't': -5, 'H': -7, 'n': -5, 'd': -6, 's': -6, 'i': -5, '1': -6, '2': -6, '0': -6, '4': -6, '20': -7, '2024': -8,
    '▁2024': -8.5, ',': -5, '.': -5, '!': -5, "'": -6, "'s": -6, '▁▁': -7, 'x': -7, 'y': -7, 'ﬁ': -9, 'fi': -7 };
  for (const [k, v] of Object.entries(scored)) pieces.push([k, v]);
  pieces.push(['the', -3.5]); // a duplicate piece: the later id wins
  return Object.assign({ type: 'Unigram', unk_id: 0, vocab: pieces, byte_fallback: false }, extra);
}
// A SentencePiece precompiled_charsmap (Darts double-array trie + NUL-terminated replacements) built
// from rules {from: to}; encoded as tokenizers stores it (base64).
function charsmap(rules) {
  const keys = Object.keys(rules).map((k) => Buffer.from(k, 'utf8')).sort(Buffer.compare);
  let blob = Buffer.alloc(0);
  const valueOf = new Map();
  for (const k of keys) { valueOf.set(k.toString('latin1'), blob.length); blob = Buffer.concat([blob, Buffer.from(rules[k.toString('utf8')], 'utf8'), Buffer.from([0])]); }
  // trie of the keys: node = {children: Map(byte -> node), value}
  const root = { children: new Map(), value: -1 };
  for (const k of keys) {
    let n = root;
    for (const b of k) { if (!n.children.has(b)) n.children.set(b, { children: new Map(), value: -1 }); n = n.children.get(b); }
    n.value = valueOf.get(k.toString('latin1'));
  }
  const units = [];
  const used = new Set([0]);
  let maxBase = 0;
  const place = (node, pos) => {
    const labels = [...node.children.keys()];
    if (node.value >= 0) labels.push(0);
    let base = 1;
    while (labels.some((l) => used.has(base ^ l)) || (base ^ pos) >= (1 << 21)) base++;
    for (const l of labels) used.add(base ^ l);
    maxBase = Math.max(maxBase, base);
    units[pos] = ((units[pos] || 0) | ((base ^ pos) << 10) | (node.value >= 0 ? 1 << 8 : 0)) >>> 0;
    if (node.value >= 0) units[base] = (node.value | 0x80000000) >>> 0;
    for (const [b, child] of node.children) { units[base ^ b] = b; place(child, base ^ b); }
  };
  units[0] = 0;
  place(root, 0);
  // Like Darts, every base ^ byte must lie inside the array.
  const size = Math.max(units.length, (maxBase | 0xff) + 1);
  for (let i = 0; i < size; i++) if (units[i] === undefined) units[i] = 0;
  const head = Buffer.alloc(4 + units.length * 4);
  head.writeUInt32LE(units.length * 4, 0);
  units.forEach((u, i) => head.writeUInt32LE(u, 4 + i * 4));
  return Buffer.concat([head, blob]).toString('base64');
}
const PRECOMPILED = { type: 'Precompiled', precompiled_charsmap: charsmap({ 'ﬁ': 'fi', '①': '1', '\u3000': ' ', 'Ａ': 'A', '…': '...', 'e\u0301': 'é',
  'ｶﾞ': 'ガ', '\u00A0': ' ', 'ß': 'ss', '\u200B': '', 'x\u0323': 'X' }) };

const sp = (t, special = true, more = {}) => Object.assign({ content: t, single_word: false, lstrip: false, rstrip: false, normalized: !special, special }, more);
function tok(model, parts = {}) {
  const added = (parts.added || []).map((a, i) => Object.assign({ id: 100000 + i }, a));
  return { version: '1.0', truncation: parts.truncation || null, padding: parts.padding || null, added_tokens: added,
    normalizer: parts.normalizer || null, pre_tokenizer: parts.pre_tokenizer || null, post_processor: parts.post_processor || null,
    decoder: parts.decoder || null, model };
}

const TEXTS = ['Hello world', '  The  theater\'s 2024 café!  ', 'naïve cafe\u0301 x\u0323\u0302 ﬁ ① Ⅻ ½', 'İstanbul ΣΑΣ ǅ ß',
  'a\tb\nc\r\n\n d', '', ' ', '123 4567 x1y22', 'emoji 😀🚀 👩‍👩‍👧 CJK 你好 안녕', 'hello, world! it\'s the end...'];
const SPECIAL_TEXTS = ['<s>Hello</s> world', 'x <mask>  y', 'the [MASK]ed <mask>', 'Hello <s> [MASK] world </s>', '<S> hello'];
const byteLevel = (o = {}) => Object.assign({ type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true }, o);
const metaspaceDec = { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true };
const spDecoder = { type: 'Sequence', decoders: [{ type: 'Replace', pattern: { String: '▁' }, content: ' ' }, { type: 'ByteFallback' }, { type: 'Fuse' },
  { type: 'Strip', content: ' ', start: 1, stop: 0 }] };
const GPT2_RE = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";
const LLAMA3_RE = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
const split = (pattern, behavior, invert = false) => ({ type: 'Split', pattern, behavior, invert });
const blPre = (o) => byteLevel(o);
const bl = (pre, more = {}) => tok(byteLevelBpe(), Object.assign({ pre_tokenizer: pre, decoder: byteLevel() }, more));
const spt = (more = {}, model = {}) => tok(spBpe(model), Object.assign({ decoder: spDecoder }, more));
const seqN = (...n) => ({ type: 'Sequence', normalizers: n });
const seqP = (...p) => ({ type: 'Sequence', pretokenizers: p });

const SPECS = [
  // normalizers
  ['normalizer NFC', spt({ normalizer: { type: 'NFC' } })],
  ['normalizer NFD', spt({ normalizer: { type: 'NFD' } })],
  ['normalizer NFKC', spt({ normalizer: { type: 'NFKC' } })],
  ['normalizer NFKD', spt({ normalizer: { type: 'NFKD' } })],
  ['normalizer Lowercase', spt({ normalizer: { type: 'Lowercase' } })],
  ['normalizer Strip both', spt({ normalizer: { type: 'Strip', strip_left: true, strip_right: true } })],
  ['normalizer Strip left', spt({ normalizer: { type: 'Strip', strip_left: true, strip_right: false } })],
  ['normalizer Strip right', spt({ normalizer: { type: 'Strip', strip_left: false, strip_right: true } })],
  ['normalizer StripAccents', spt({ normalizer: seqN({ type: 'NFD' }, { type: 'StripAccents' }) })],
  ['normalizer Replace string', spt({ normalizer: { type: 'Replace', pattern: { String: ' ' }, content: '▁' } })],
  ['normalizer Replace regex', spt({ normalizer: { type: 'Replace', pattern: { Regex: '\\s+' }, content: '▁' } })],
  ['normalizer Replace to longer', spt({ normalizer: { type: 'Replace', pattern: { String: 'a' }, content: 'xyz' } })],
  ['normalizer Replace to empty', spt({ normalizer: { type: 'Replace', pattern: { Regex: '[aeiou]' }, content: '' } })],
  ['normalizer Prepend', spt({ normalizer: { type: 'Prepend', prepend: '▁' } })],
  ['normalizer Sequence llama2', spt({ normalizer: seqN({ type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }) })],
  ['normalizer Bert', spt({ normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true } })],
  ['normalizer Bert keep accents', spt({ normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: false, strip_accents: false, lowercase: false } })],
  ['normalizer Nmt', spt({ normalizer: { type: 'Nmt' } })],
  ['normalizer ByteLevel', tok(byteLevelBpe(), { normalizer: { type: 'ByteLevel' }, decoder: byteLevel() })],
  // pre-tokenizers
  ['pre ByteLevel regex', bl(blPre({}))],
  ['pre ByteLevel prefix space', bl(blPre({ add_prefix_space: true }))],
  ['pre ByteLevel no regex', bl(blPre({ use_regex: false }))],
  ['pre Split llama3 + ByteLevel', bl(seqP(split({ Regex: LLAMA3_RE }, 'Isolated'), blPre({ use_regex: false })))],
  ['pre Split gpt2 Removed', bl(seqP(split({ Regex: GPT2_RE }, 'Removed'), blPre({ use_regex: false })))],
  ['pre Split space MergedWithPrevious', bl(seqP(split({ String: ' ' }, 'MergedWithPrevious'), blPre({ use_regex: false })))],
  ['pre Split space MergedWithNext', bl(seqP(split({ String: ' ' }, 'MergedWithNext'), blPre({ use_regex: false })))],
  ['pre Split space Contiguous', bl(seqP(split({ Regex: '\\s' }, 'Contiguous'), blPre({ use_regex: false })))],
  ['pre Split invert', bl(seqP(split({ Regex: '\\p{L}+' }, 'Isolated', true), blPre({ use_regex: false })))],
  ['pre Split invert Removed', bl(seqP(split({ Regex: '\\p{L}+' }, 'Removed', true), blPre({ use_regex: false })))],
  ['pre Split empty matches', bl(seqP(split({ Regex: 'x*' }, 'Isolated'), blPre({ use_regex: false })))],
  ['pre Metaspace always', spt({ pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true }, decoder: metaspaceDec })],
  ['pre Metaspace first', spt({ pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'first', split: true }, added: [sp('<s>')], decoder: metaspaceDec })],
  ['pre Metaspace never nosplit', spt({ pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'never', split: false },
    decoder: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'never', split: false } })],
  ['pre Digits', spt({ pre_tokenizer: { type: 'Digits', individual_digits: false } })],
  ['pre Digits individual', spt({ pre_tokenizer: { type: 'Digits', individual_digits: true } })],
  ['pre Punctuation', spt({ pre_tokenizer: { type: 'Punctuation', behavior: 'Isolated' } })],
  ['pre Punctuation MergedWithNext', spt({ pre_tokenizer: { type: 'Punctuation', behavior: 'MergedWithNext' } })],
  ['pre Whitespace', spt({ pre_tokenizer: { type: 'Whitespace' } })],
  ['pre WhitespaceSplit', spt({ pre_tokenizer: { type: 'WhitespaceSplit' } })],
  ['pre BertPreTokenizer', spt({ pre_tokenizer: { type: 'BertPreTokenizer' } })],
  ['pre CharDelimiterSplit', spt({ pre_tokenizer: { type: 'CharDelimiterSplit', delimiter: 'e' } })],
  ['pre FixedLength', spt({ pre_tokenizer: { type: 'FixedLength', length: 3 } })],
  ['pre Sequence', spt({ pre_tokenizer: seqP({ type: 'WhitespaceSplit' }, { type: 'Digits', individual_digits: true }, { type: 'Punctuation', behavior: 'Removed' }) })],
  // models
  ['model BPE byte fallback no unk fuse', spt({}, { fuse_unk: false, byte_fallback: false })],
  ['model BPE no unk token', spt({}, { unk_token: null, byte_fallback: false })],
  ['model BPE prefix suffix', tok(Object.assign(spBpe(), (() => {
    const v = { '<unk>': 0, a: 1, b: 2, c: 3, '##a': 4, '##b': 5, '##c': 6, 'a</w>': 7, 'b</w>': 8, 'c</w>': 9, '##a</w>': 10, '##b</w>': 11,
      '##c</w>': 12, ab: 13, 'ab</w>': 14, abc: 15, 'bc</w>': 16 };
    return { vocab: v, merges: ['a ##b', 'a ##b</w>', 'ab ##c', 'b ##c</w>'], continuing_subword_prefix: '##', end_of_word_suffix: '</w>', byte_fallback: false, fuse_unk: false };
  })()), { pre_tokenizer: { type: 'WhitespaceSplit' }, decoder: { type: 'BPEDecoder', suffix: '</w>' } }), ['abc ab a cab b xa', 'bc abcabc']],
  ['model BPE ignore_merges', bl(seqP(split({ Regex: LLAMA3_RE }, 'Isolated'), blPre({ use_regex: false })), {}), null, (t) => { t.model.ignore_merges = true; t.model.vocab['Ġtheater'] = 5000; }],
  ['model WordPiece', tok(wordPiece(), { normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' }, decoder: { type: 'WordPiece', prefix: '##', cleanup: true } })],
  ['model WordLevel', tok(wordLevel(), { normalizer: { type: 'Lowercase' }, pre_tokenizer: { type: 'Whitespace' } })],
  ['model Unigram', tok(unigram(), { pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true }, decoder: metaspaceDec })],
  ['model Unigram byte_fallback', tok(unigram({ byte_fallback: true }), { pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true },
    decoder: { type: 'Sequence', decoders: [{ type: 'ByteFallback' }, metaspaceDec] } })],
  ['model Unigram no split', tok(unigram(), { pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: false }, decoder: metaspaceDec })],
  ['normalizer Precompiled', tok(unigram(), { normalizer: seqN(PRECOMPILED, { type: 'Replace', pattern: { Regex: ' {2,}' }, content: ' ' }),
    pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true }, decoder: metaspaceDec }),
    TEXTS.concat(['ﬁx ①… Ａ\u3000ｶﾞｶﾞ cafe\u0301 x\u0323\u0302 Straße\u00A0a\u200Bb', 'e\u0301\u0301 ﬁ'])],
  // added tokens
  ['added special + normal', spt({ added: [sp('<s>'), sp('</s>'), sp('[MASK]', false), sp('<mask>', true, { lstrip: true })] }), SPECIAL_TEXTS],
  ['added rstrip single_word', spt({ added: [sp('<mask>', true, { rstrip: true }), sp('[MASK]', false, { single_word: true }), sp('the', false, { single_word: true })] }), SPECIAL_TEXTS],
  ['added normalized lowercase', spt({ normalizer: { type: 'Lowercase' }, added: [sp('[MASK]', false), sp('<S>', false), sp('<s>', true)] }), SPECIAL_TEXTS],
  ['added normalized with llama2 normalizer', spt({ normalizer: seqN({ type: 'Prepend', prepend: '▁' }, { type: 'Replace', pattern: { String: ' ' }, content: '▁' }),
    added: [sp('<s>'), sp('</s>'), sp(' world', false)] }), SPECIAL_TEXTS],
  ['added byte-level', bl(blPre({ add_prefix_space: true }), { added: [sp('<s>'), sp('<mask>', true, { lstrip: true, rstrip: true }), sp(' [MASK]', false)] }), SPECIAL_TEXTS],
  // post-processors
  ['post Template', spt({ added: [sp('<s>'), sp('</s>')], post_processor: { type: 'TemplateProcessing',
    single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }, { SpecialToken: { id: '</s>', type_id: 0 } }],
    pair: [{ Sequence: { id: 'A', type_id: 0 } }, { Sequence: { id: 'B', type_id: 1 } }],
    special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] }, '</s>': { id: '</s>', ids: [2], tokens: ['</s>'] } } } }), ['Hello world', '', '<s>x']],
  ['post Bert', tok(wordPiece(), { normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' }, post_processor: { type: 'BertProcessing', sep: ['[SEP]', 2], cls: ['[CLS]', 1] },
    added: [sp('[CLS]'), sp('[SEP]'), sp('[MASK]')], decoder: { type: 'WordPiece', prefix: '##', cleanup: false } })],
  ['post Roberta', bl(blPre({ add_prefix_space: true }), { added: [sp('<s>'), sp('</s>')],
    post_processor: { type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 1], trim_offsets: true, add_prefix_space: true } })],
  ['post ByteLevel trim_offsets', bl(blPre({ add_prefix_space: true }), { post_processor: byteLevel({ trim_offsets: true, add_prefix_space: true }) })],
  ['post ByteLevel trim no prefix', bl(blPre({ add_prefix_space: false }), { post_processor: byteLevel({ trim_offsets: true, add_prefix_space: false }) })],
  ['post Sequence', bl(blPre({ add_prefix_space: true }), { added: [sp('<s>')], post_processor: { type: 'Sequence', processors: [byteLevel({ trim_offsets: true, add_prefix_space: true }),
    { type: 'TemplateProcessing', single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 1 } }], pair: [],
      special_tokens: { '<s>': { id: '<s>', ids: [5], tokens: ['<s>'] } } }] } })],
  // decoders
  ['decoder Metaspace', spt({ pre_tokenizer: { type: 'Metaspace', replacement: '▁', prepend_scheme: 'always', split: true }, decoder: metaspaceDec })],
  ['decoder ByteFallback only', spt({ decoder: { type: 'ByteFallback' } })],
  // (Strip with stop > 0 panics in the library on an empty string, hence no empty text here)
  ['decoder Fuse + Strip', spt({ decoder: { type: 'Sequence', decoders: [{ type: 'Fuse' }, { type: 'Strip', content: 'd', start: 1, stop: 2 }] } }),
    TEXTS.filter((t) => t.length > 0).concat(['dddd'])],
  ['decoder Replace regex', spt({ decoder: { type: 'Sequence', decoders: [{ type: 'Replace', pattern: { Regex: '▁+' }, content: '_' }, { type: 'ByteFallback' }, { type: 'Fuse' }] } })],
  ['decoder none', spt({ decoder: null })],
  ['decoder CTC', tok(wordLevel(), { pre_tokenizer: { type: 'Whitespace' }, decoder: { type: 'CTC', pad_token: '<unk>', word_delimiter_token: '|', cleanup: true } }), ['hello hello world , the the']],
  // truncation / padding
  ['truncation right', spt({ added: [sp('<s>')], truncation: { direction: 'Right', max_length: 4, strategy: 'LongestFirst', stride: 0 },
    post_processor: { type: 'TemplateProcessing', single: [{ SpecialToken: { id: '<s>', type_id: 0 } }, { Sequence: { id: 'A', type_id: 0 } }], pair: [],
      special_tokens: { '<s>': { id: '<s>', ids: [1], tokens: ['<s>'] } } } })],
  ['padding fixed left', spt({ padding: { strategy: { Fixed: 12 }, direction: 'Left', pad_to_multiple_of: null, pad_id: 0, pad_type_id: 0, pad_token: '<unk>' } })],
];

(async () => {
  const out = { library: 'tokenizers 0.23.2', tokenizers: [] };
  for (const [name, spec, texts, patch] of SPECS) {
    const t = JSON.parse(JSON.stringify(spec));
    if (patch) patch(t);
    const tk = Tokenizer.fromString(JSON.stringify(t));
    const cases = [];
    for (const text of texts || TEXTS) {
      for (const add of [false, true]) {
        const e = await tk.encode(text, null, { addSpecialTokens: add });
        const ids = e.getIds();
        cases.push({ text, add_special_tokens: add, ids, tokens: e.getTokens(), offsets: e.getOffsets(), decoded: await tk.decode(ids, false) });
      }
    }
    out.tokenizers.push({ name, tokenizer: t, cases });
  }
  process.stdout.write(JSON.stringify(out) + '\n');
})().catch((e) => { console.error(e); process.exit(1); });
