// Loading a GPT-2-124M-shaped hub folder (random F32 weights, the hub's names and attn.bias
// buffers, 0.5 GB) raises the process's peak resident memory by less than 1.5× the model's
// float32 size: headers first, then one tensor at a time into its parameter. Measured in a child
// process (VmHWM, Linux); the folder is written tensor by tensor so the test itself stays small.
import { afterAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { closeSync, existsSync, mkdirSync, mkdtempSync, openSync, rmSync, writeFileSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hubGpt2Config } from './hub-gpt2.ts';

const dir = mkdtempSync(join(tmpdir(), 'lmw-peak-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SIZES = { vocab: 50257, positions: 1024, layers: 12, heads: 12, embd: 768 };

function tensorList(): [string, number[]][] {
  const C = SIZES.embd;
  const list: [string, number[]][] = [['wte.weight', [SIZES.vocab, C]], ['wpe.weight', [SIZES.positions, C]]];
  for (let i = 0; i < SIZES.layers; i++) {
    const p = `h.${i}.`;
    list.push([`${p}attn.bias`, [1, 1, SIZES.positions, SIZES.positions]], [`${p}attn.c_attn.weight`, [C, 3 * C]], [`${p}attn.c_attn.bias`, [3 * C]],
      [`${p}attn.c_proj.weight`, [C, C]], [`${p}attn.c_proj.bias`, [C]], [`${p}ln_1.weight`, [C]], [`${p}ln_1.bias`, [C]], [`${p}ln_2.weight`, [C]],
      [`${p}ln_2.bias`, [C]], [`${p}mlp.c_fc.weight`, [C, 4 * C]], [`${p}mlp.c_fc.bias`, [4 * C]], [`${p}mlp.c_proj.weight`, [4 * C, C]], [`${p}mlp.c_proj.bias`, [C]]);
  }
  list.push(['ln_f.weight', [C]], ['ln_f.bias', [C]]);
  return list;
}

/** model.safetensors written header first, then each tensor's small random values in 1 MiB chunks. */
function writeBigFolder(folder: string): void {
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'config.json'), JSON.stringify(hubGpt2Config(SIZES)));
  const list = tensorList();
  let at = 0;
  const header: Record<string, unknown> = { __metadata__: { format: 'pt' } };
  for (const [name, shape] of list) header[name] = { dtype: 'F32', shape, data_offsets: [at, (at += 4 * shape.reduce((a, b) => a * b, 1))] };
  const json = Buffer.from(JSON.stringify(header));
  const fd = openSync(join(folder, 'model.safetensors'), 'w');
  try {
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(json.length));
    writeSync(fd, len);
    writeSync(fd, json);
    const chunk = new Float32Array(1 << 18).map((_, i) => Math.sin(i) * 0.02);
    for (const [, shape] of list) {
      let left = shape.reduce((a, b) => a * b, 1);
      while (left > 0) {
        const n = Math.min(left, chunk.length);
        writeSync(fd, new Uint8Array(chunk.buffer, 0, 4 * n));
        left -= n;
      }
    }
  } finally {
    closeSync(fd);
  }
}

describe('peak memory while loading a 124M-parameter GPT-2 folder', () => {
  it('stays under 1.5× the float32 size of the model', ({ skip }) => {
    skip(!existsSync('/proc/self/status'), 'no /proc/self/status to read the peak resident memory from (not Linux)');
    const folder = join(dir, 'gpt2-124m');
    writeBigFolder(folder);
    const out = execFileSync('node', ['--import', 'tsx', 'tests/src/pretrained/peak-memory-child.ts', folder], { encoding: 'utf8' });
    const r = JSON.parse(out) as { before: number; peak: number; float32Bytes: number; seconds: number };
    expect(r.float32Bytes).toBe(124_439_808 * 4);
    const ratio = (r.peak - r.before) / r.float32Bytes;
    console.log(`peak memory while loading: +${(r.peak - r.before) / 2 ** 20 | 0} MiB for ${r.float32Bytes / 2 ** 20 | 0} MiB of float32 weights (${ratio.toFixed(2)}×), ${r.seconds.toFixed(1)} s`);
    expect(ratio).toBeLessThan(1.5);
  }, 300_000);
});
