// Trains the demo's byte-level BPE tokenizer (tokenizer.json, 1024 ids) on the three corpora with the
// Hugging Face `tokenizers` library (tests/oracle/node_modules, installed by scripts/setup-oracle.sh).
// Run by hand after make_corpora.sh: node resources/demo/make_tokenizer.mjs. The output is committed.
//
// The library's Node bindings train only with the default BpeTrainer (no vocabulary size), so this trains
// to the end and keeps the first merges: BPE training is greedy, so the first N merges of a long run are
// the merges of a run stopped at N. Ids: the 256 byte symbols in byte order, then the merges' results in
// merge order, then <|endoftext|>.
import { createRequire } from 'node:module';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(join(here, '../../tests/oracle/package.json'));
const { Tokenizer } = require('tokenizers');

const kVocab = 1024, kSpecial = '<|endoftext|>';
const byteLevel = { type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true };
const bpe = (vocab, merges) => ({ type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: null,
  end_of_word_suffix: null, fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges });
const shell = (model, added) => ({ version: '1.0', truncation: null, padding: null, added_tokens: added,
  normalizer: null, pre_tokenizer: byteLevel, post_processor: null, decoder: byteLevel, model });

const untrained = Tokenizer.fromString(JSON.stringify(shell(bpe({}, []), [])));
untrained.train(['arabic.txt', 'english.txt', 'code.txt'].map((f) => join(here, f)));
const scratch = join(mkdtempSync(join(tmpdir(), 'moe-demo-tok-')), 'trained.json');
untrained.save(scratch);
const merges = JSON.parse(readFileSync(scratch, 'utf8')).model.merges.slice(0, kVocab - 256 - 1);

// GPT-2's byte → printable-character table (the ByteLevel pre-tokenizer's alphabet).
const printable = [];
for (let b = 0; b < 256; ++b)
  if ((b >= 33 && b <= 126) || (b >= 161 && b <= 172) || b >= 174) printable.push(b);
const symbol = new Array(256);
let extra = 0;
for (let b = 0; b < 256; ++b) symbol[b] = String.fromCodePoint(printable.includes(b) ? b : 256 + extra++);

const vocab = {};
symbol.forEach((s, b) => { vocab[s] = b; });
for (const [a, b] of merges) vocab[a + b] = Object.keys(vocab).length;
const specialId = Object.keys(vocab).length;
const added = [{ id: specialId, content: kSpecial, single_word: false, lstrip: false, rstrip: false,
  normalized: false, special: true }];
const json = shell(bpe(vocab, merges), added);
Tokenizer.fromString(JSON.stringify(json));  // the library accepts it
writeFileSync(join(here, 'tokenizer.json'), JSON.stringify(json, null, 1) + '\n');
writeFileSync(join(here, 'tokenizer_config.json'), JSON.stringify({ tokenizer_class: 'PreTrainedTokenizerFast',
  bos_token: kSpecial, eos_token: kSpecial, model_max_length: 512 }, null, 2) + '\n');
console.error(`tokenizer.json: ${specialId + 1} ids (${merges.length} merges)`);
