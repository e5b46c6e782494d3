// "When you outgrow this machine": a GPT trained here (lmw train gpt) is a Hugging Face GPT-2
// folder that PyTorch reads and keeps training. PyTorch's loss on held-out windows before its first
// step equals our engine's on the same windows (it starts where ours stopped), and AdamW in
// PyTorch lowers it further. The reader is the independent reference gpt2_reference.py.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './helpers.ts';
import { loadGptCheckpoint } from '../../src/training/gpt-checkpoint.ts';
import { readCheckpointFolder } from '../../server/storage/checkpoint-folder.ts';
import { createCpuBackend, fromArray, noGrad, scope } from '../../src/tensor/index.ts';

let haveTorch = true;
try {
  execFileSync('/usr/bin/python3', ['-c', 'import torch, numpy'], { stdio: 'ignore' });
} catch {
  haveTorch = false;
}

const dir = tempDir('lmw-torch-continue-');
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const T = 32;

describe('PyTorch continues a workbench GPT', () => {
  it('reads the checkpoint, starts at our loss, and lowers it with AdamW', async ({ skip }) => {
    skip(!haveTorch, 'Debian python3-torch is not installed');
    const corpus = join(dir, 'corpus.txt');
    const line = 'the cat sat on the mat and the dog sat on the log. ';
    writeFileSync(corpus, line.repeat(80));
    const out = join(dir, 'model');
    const r = spawnSync('node', ['bin/lmw.js', 'train', 'gpt', '--corpus', corpus, '--steps', '30', '--eval-every', '30', '--lr', '3e-3', '--warmup-steps', '5', '--out', out,
      '--n-layer', '2', '--n-head', '2', '--n-embd', '32', '--context-length', String(T), '--batch-size', '4', '--backend', 'cpu', '--data-dir', join(dir, 'data')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);

    const { model, codec } = await loadGptCheckpoint(createCpuBackend(), readCheckpointFolder(out, ['config.json', 'model.safetensors', 'tokenizer.json']));
    const ids = Array.from(codec.encode(readFileSync(corpus, 'utf8')));
    const windows: number[][] = [];
    for (let at = 0; at + T + 1 <= ids.length; at += T) windows.push(ids.slice(at, at + T + 1));
    const evalWindows = windows.slice(-8);
    const trainWindows = windows.slice(0, -8);
    model.eval();
    let ours = 0;
    for (const w of evalWindows) {
      const loss = scope(() => noGrad(() => model.forward(fromArray(model.backend, Int32Array.from(w.slice(0, -1)), [1, T], 'int32'), fromArray(model.backend, Int32Array.from(w.slice(1)), [1, T], 'int32')).loss!));
      ours += ((await loss.data()) as Float32Array)[0]! / evalWindows.length;
      loss.dispose();
    }
    model.dispose();

    const file = join(dir, 'windows.json');
    writeFileSync(file, JSON.stringify({ train: trainWindows, eval: evalWindows }));
    const torch = JSON.parse(execFileSync('/usr/bin/python3', ['tests/fixtures/torch/continue_training.py', out, file, '40', '3e-3'], { encoding: 'utf8' })) as { before: number; after: number; train: number[] };
    expect(Math.abs(torch.before - ours)).toBeLessThan(1e-4);
    expect(torch.after).toBeLessThan(torch.before - 0.1);
  }, 300_000);
});
