// `npm run bench:word2vec`: word2vec on Brown (one sentence per line, as is) with dim 100,
// window 5, negative 5, min-count 5, sample 1e-3, 5 epochs — skip-gram and CBOW, 1 and 2
// threads (trainWord2Vec on the wasm engine; one thread: this one, two: Hogwild kernel threads)
// — ours and, when Debian's python3-gensim is installed, gensim 4 with the same settings in the
// same run. Prints effective words/s (after subsampling, as both count them), the ratio,
// analogy accuracy (questions-words.txt) and Spearman ρ (WordSim-353, SimLex-999) with coverage;
// then the mini-batch skip-gram on the tensor engine (the GPU path) for its quality.
// Evaluation files: EVAL_DIR (default ../shared/data/eval); skipped with a note when absent.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brownText } from '../corpora/brown.ts';
import { defaultSgnsOptions, evaluateAnalogies, evaluatePairs, fromWord2VecBinary, trainWord2Vec, type KeyedVectors } from '../src/models/word2vec/index.ts';
import { selectBackend } from '../server/gpu/select-backend.ts';
import { spawnNodeThread } from '../server/gpu/wasm-threads.ts';

const EVAL_DIR = process.env.EVAL_DIR ?? join(import.meta.dirname, '../../shared/data/eval');
const EPOCHS = Number(process.env.EPOCHS ?? 5);
/** Epochs of the tensor-engine variant (slow on a CPU backend: about 2.5 min an epoch here); 0 skips it. */
const TENSOR_EPOCHS = Number(process.env.TENSOR_EPOCHS ?? EPOCHS);
const files = { analogies: join(EVAL_DIR, 'questions-words.txt'), wordsim: join(EVAL_DIR, 'wordsim353.tsv'), simlex: join(EVAL_DIR, 'simlex999.txt') };
const haveEval = Object.values(files).every(existsSync);
if (!haveEval) console.log(`evaluation files not found in ${EVAL_DIR} (set EVAL_DIR): quality columns left empty`);

interface Row {
  name: string;
  wordsPerSec: number;
  quality: string;
}

function quality(kv: KeyedVectors): string {
  if (!haveEval) return '–';
  const a = evaluateAnalogies(kv, readFileSync(files.analogies, 'utf8'));
  const ws = evaluatePairs(kv, readFileSync(files.wordsim, 'utf8'));
  const sl = evaluatePairs(kv, readFileSync(files.simlex, 'utf8'));
  return `${(100 * a.accuracy).toFixed(2)} % (cov ${(100 * a.coverage).toFixed(0)} %) | ${ws.spearman.toFixed(3)} (cov ${(100 * ws.coverage).toFixed(0)} %) | ${sl.spearman.toFixed(3)} (cov ${(100 * sl.coverage).toFixed(0)} %)`;
}

const text = brownText();
const dir = mkdtempSync(join(tmpdir(), 'lmw-bench-w2v-'));
const corpus = join(dir, 'brown.txt');
writeFileSync(corpus, text);
const hasGensim = spawnSync('/usr/bin/python3', ['-c', 'import gensim'], { stdio: 'ignore' }).status === 0;
if (!hasGensim) console.log('gensim: not installed — `sudo apt-get install python3-gensim` to compare');
const rows: Row[] = [];
try {
  for (const arch of ['sg', 'cbow'] as const) {
    for (const threads of [1, 2]) {
      const config = { arch, dim: 100, window: 5, negative: 5, minCount: 5, sample: 1e-3, epochs: EPOCHS };
      const r = await trainWord2Vec(text, config, { engine: 'wasm', threads, spawn: spawnNodeThread });
      const ours: Row = { name: `ours ${arch} ×${threads}`, wordsPerSec: r.effectiveWords / r.seconds, quality: quality(r.vectors) };
      rows.push(ours);
      console.log(`${ours.name}: ${Math.round(ours.wordsPerSec)} effective words/s, loss per epoch ${r.lossPerEpoch.map((l) => l.toFixed(3)).join(' ')}`);
      if (!hasGensim) continue;
      const out = join(dir, `gensim-${arch}-${threads}.bin`);
      const py = `
import time, logging
from gensim.models import Word2Vec
from gensim.models.word2vec import LineSentence
m = Word2Vec(vector_size=100, window=5, negative=5, hs=0, min_count=5, sample=1e-3, sg=${arch === 'sg' ? 1 : 0}, workers=${threads}, epochs=${EPOCHS}, seed=1)
m.build_vocab(LineSentence("${corpus}"))
t = time.perf_counter()
words, _ = m.train(LineSentence("${corpus}"), total_examples=m.corpus_count, epochs=${EPOCHS})
print(words / (time.perf_counter() - t))
m.wv.save_word2vec_format("${out}", binary=True)
`;
      const wps = Number(execFileSync('/usr/bin/python3', ['-c', py], { encoding: 'utf8' }).trim().split('\n').at(-1));
      const g: Row = { name: `gensim ${arch} ×${threads}`, wordsPerSec: wps, quality: quality(fromWord2VecBinary(new Uint8Array(readFileSync(out)))) };
      rows.push(g);
      console.log(`${g.name}: ${Math.round(wps)} effective words/s → ours ${(ours.wordsPerSec / wps).toFixed(2)}×`);
    }
  }
  // The mini-batch variant on the tensor engine (the path for a GPU), on the fastest backend here,
  // with its defaults (4096 pairs a step, α 0.025 falling linearly).
  if (TENSOR_EPOCHS > 0) {
    const { backend, label } = await selectBackend('auto');
    const t0 = performance.now();
    const sg = await trainWord2Vec(text, { arch: 'sg', epochs: TENSOR_EPOCHS }, { engine: backend });
    const seconds = (performance.now() - t0) / 1000;
    rows.push({ name: `ours sg, tensor engine, ${defaultSgnsOptions.batch} pairs a step on ${label}, ${TENSOR_EPOCHS} epochs`, wordsPerSec: NaN, quality: quality(sg.vectors) });
    console.log(`tensor SGNS: ${seconds.toFixed(0)} s, loss per epoch ${sg.lossPerEpoch.map((l) => l.toFixed(3)).join(' ')}`);
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`\nword2vec on Brown (${EPOCHS} epochs, dim 100, window 5, negative 5, min-count 5, sample 1e-3)`);
console.log('| run | effective words/s | vs gensim | analogies (3CosAdd) | WordSim-353 ρ | SimLex-999 ρ |');
console.log('| --- | --- | --- | --- | --- | --- |');
for (const r of rows) {
  const peer = rows.find((p) => p.name === r.name.replace('ours', 'gensim'));
  const ratio = r.name.startsWith('ours') && peer ? `${(r.wordsPerSec / peer.wordsPerSec).toFixed(2)}×` : '';
  console.log(`| ${r.name} | ${Number.isNaN(r.wordsPerSec) ? '–' : Math.round(r.wordsPerSec).toLocaleString('en')} | ${ratio} | ${r.quality} |`);
}
process.exit(0);
