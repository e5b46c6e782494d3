// `npm run bench:engine`: matmul GFLOP/s at 256, 512, 1024 and one transformer block forward +
// backward (B=12, T=64, C=128, 4 heads) on each backend this machine has — CPU (the reference,
// plain loops), wasm (SIMD) and WebGPU through Dawn (a real GPU, or SwiftShader on the CPU, which is for
// correctness, not speed). Ratios are against the CPU backend measured in the same run. The
// block is written with the fused ops the GPT uses (selfAttentionQkv, geluMlp): the wasm backend
// runs its fused kernels, the others the composition. wasm runs one thread, relaxed SIMD on.
import { setFlagsFromString } from 'node:v8';
import { createDawnDevice } from '../server/gpu/dawn.ts';
import {
  add, createCpuBackend, createWasmBackend, createWebGpuBackend, fromArray, geluMlp, layerNorm, matmul, scope, selfAttentionQkv, sum,
  type Backend, type Tensor,
} from '../src/tensor/index.ts';
import { Rng, initValues } from '../src/nn/index.ts';

const rng = new Rng(1);
const random = (b: Backend, shape: number[], grad = false) => fromArray(b, initValues({ kind: 'normal', std: 0.05 }, shape, rng), shape, 'float32', grad);

async function time(b: Backend, runs: number, f: () => Tensor): Promise<number> {
  await scope(() => f()).data(); // warm-up: pipelines compiled, buffers pooled
  const t0 = performance.now();
  for (let i = 0; i < runs; i++) {
    const out = scope(() => f());
    if (i === runs - 1) await out.data();
    out.dispose();
  }
  b.flush();
  return (performance.now() - t0) / 1000 / runs;
}

interface Block {
  params: Tensor[];
  forward(x: Tensor): Tensor;
}

/** A pre-LN GPT block: x + attn(ln1(x)), then + mlp(ln2(x)). */
function block(b: Backend, C: number, H: number): Block {
  const [g1, b1, g2, b2] = [random(b, [C], true), random(b, [C], true), random(b, [C], true), random(b, [C], true)];
  const [wqkv, wo, w1, w2] = [random(b, [C, 3 * C], true), random(b, [C, C], true), random(b, [C, 4 * C], true), random(b, [4 * C, C], true)];
  return {
    params: [g1, b1, g2, b2, wqkv, wo, w1, w2],
    forward(x) {
      const att = selfAttentionQkv(matmul(layerNorm(x, g1, b1), wqkv), H, { causal: true }); // (B, T, C), heads concatenated
      const h = add(x, matmul(att, wo));
      return add(h, geluMlp(layerNorm(h, g2, b2), w1, w2));
    },
  };
}

async function run(name: string, b: Backend, cpuTimes?: Map<string, number>): Promise<Map<string, number>> {
  const times = new Map<string, number>();
  console.log(`\n# ${name}`);
  for (const n of [256, 512, 1024]) {
    const [a, c] = [random(b, [n, n]), random(b, [n, n])];
    const s = await time(b, n === 1024 ? 2 : 4, () => matmul(a, c));
    times.set(`matmul ${n}`, s);
    const ratio = cpuTimes ? ` (${(cpuTimes.get(`matmul ${n}`)! / s).toFixed(2)}× the CPU backend)` : '';
    console.log(`matmul ${n}×${n}: ${((2 * n ** 3) / s / 1e9).toFixed(2)} GFLOP/s${ratio}`);
  }
  const blk = block(b, 128, 4);
  const x = random(b, [12, 64, 128]);
  const s = await time(b, 3, () => {
    const loss = sum(blk.forward(x));
    loss.backward();
    for (const p of blk.params) {
      p.grad?.dispose();
      p.grad = null;
    }
    return loss;
  });
  times.set('block', s);
  const ratio = cpuTimes ? ` (${(cpuTimes.get('block')! / s).toFixed(2)}× the CPU backend)` : '';
  console.log(`transformer block forward+backward (B=12, T=64, C=128, 4 heads): ${(s * 1000).toFixed(0)} ms${ratio}`);
  return times;
}

setFlagsFromString('--experimental-wasm-relaxed-simd');
console.log(`node ${process.version}, ${process.platform}/${process.arch}`);
const cpuTimes = await run('cpu (reference backend, plain loops)', createCpuBackend());
await run('wasm (SIMD WebAssembly kernels for the hot ops, 1 thread)', await createWasmBackend(), cpuTimes);
try {
  const dawn = await createDawnDevice();
  const { vendor, architecture, description } = dawn.adapter.info;
  const label = [vendor, architecture, description].filter(Boolean).join(' ');
  await run(`webgpu via Dawn: ${label} (${dawn.probe.driver === 'swiftshader' ? 'SwiftShader, a CPU driver: for correctness, not speed' : 'system driver'})`, createWebGpuBackend(dawn.device), cpuTimes);
  dawn.device.destroy();
} catch (err) {
  console.log(`\n# webgpu: not available (${err instanceof Error ? err.message : String(err)})`);
}
process.exit(0);
