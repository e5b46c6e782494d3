// `npm run bench:tokenizer`: our BPE against its peers, measured in this one run.
// 1. Learning an 8,000-token byte-level vocabulary on the Brown corpus: ours vs sentencepiece's
//    spm_train (--model_type=bpe), the Debian package `sentencepiece`.
// 2. Encoding with GPT-2's ranks, Brown (5.7 MB) and a 40 MB file of Brown repeated: MB/s of ours
//    vs gpt-tokenizer, tiktoken (WASM) and js-tiktoken. Ids are checked equal before timing.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encode as gptTokenizerEncode } from 'gpt-tokenizer/encoding/r50k_base';
import { getEncoding } from 'js-tiktoken';
import { get_encoding } from 'tiktoken';
import gpt2Ranks from 'js-tiktoken/ranks/gpt2';
import { gpt2FromTiktokenRanks, learnBpe } from '../src/tokenizers/index.ts';
import { brownText } from '../corpora/brown.ts';

const seconds = (f: () => unknown) => {
  const t0 = performance.now();
  f();
  return (performance.now() - t0) / 1000;
};
const best = (runs: number, f: () => unknown) => Math.min(...Array.from({ length: runs }, () => seconds(f)));

function benchTraining(text: string): void {
  console.log('\n# learning an 8k byte-level BPE vocabulary on Brown (one thread, ours)');
  const ours = seconds(() => learnBpe(text, { mode: 'byte', vocabSize: 8000, specialTokens: ['<|endoftext|>'] }));
  console.log(`ours          ${ours.toFixed(2)} s`);
  if (spawnSync('spm_train', ['--help'], { stdio: 'ignore' }).error) {
    console.log('spm_train     not installed: apt-get install sentencepiece, then run this again');
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'lmw-bench-'));
  try {
    writeFileSync(join(dir, 'brown.txt'), text);
    const args = [`--input=${join(dir, 'brown.txt')}`, `--model_prefix=${join(dir, 'spm')}`, '--model_type=bpe', '--vocab_size=8000', '--minloglevel=2'];
    const spm = seconds(() => execFileSync('spm_train', args, { stdio: 'ignore' }));
    console.log(`spm_train     ${spm.toFixed(2)} s (its default threads)`);
    console.log(`ratio ours/spm_train = ${(ours / spm).toFixed(2)} (goal: at most 0.5)`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function benchEncoding(label: string, text: string, runs: number): void {
  const mb = Buffer.byteLength(text) / 1e6;
  console.log(`\n# encoding ${label} (${mb.toFixed(1)} MB) with GPT-2's ranks, best of ${runs}`);
  const ours = gpt2FromTiktokenRanks(gpt2Ranks);
  const js = getEncoding('gpt2');
  const wasm = get_encoding('gpt2');
  const peers: [string, () => ArrayLike<number>][] = [
    ['ours', () => ours.encodeIds(text, { allowSpecial: false })],
    ['gpt-tokenizer', () => gptTokenizerEncode(text, { disallowedSpecial: new Set() })],
    ['tiktoken', () => wasm.encode_ordinary(text)],
    ['js-tiktoken', () => js.encode(text, [], [])],
  ];
  const reference = peers[0]![1]();
  const rates = new Map<string, number>();
  for (const [name, run] of peers) {
    const ids = run();
    const same = ids.length === reference.length && Array.from(ids).every((x, i) => x === reference[i]);
    if (!same) throw new Error(`${name} gives different ids than ours on ${label}`);
    const rate = mb / best(name === 'js-tiktoken' ? 1 : runs, run);
    rates.set(name, rate);
    console.log(`${name.padEnd(14)}${rate.toFixed(1).padStart(6)} MB/s`);
  }
  wasm.free();
  const fastest = [...rates].filter(([n]) => n !== 'ours').sort((a, b) => b[1] - a[1])[0]!;
  console.log(`ratio ours/${fastest[0]} = ${(rates.get('ours')! / fastest[1]).toFixed(2)}× (goal: at least 1.5×)`);
}

const brown = brownText();
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
benchTraining(brown);
benchEncoding('Brown', brown, 3);
benchEncoding('Brown ×7', brown.repeat(7), 2);
