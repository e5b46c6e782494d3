// Scaled dot-product attention on the wasm backend: forward and backward each run as one call
// into WebAssembly (assembly/attention.ts: the products on the packed SIMD matmul, the row
// softmax and its backward in SIMD loops). Padding masks go to the CPU reference kernel. Same
// rules as ops/attention.ts: causal masking aligned bottom-right, a fully masked row gives zeros.
import { getKernel, registerKernel } from '../../registry.ts';
import type { AttentionBackwardKernel, AttentionKernel } from '../../ops/attention.ts';
import { cpuData } from '../cpu/cpu-backend.ts';
import { WasmKernels } from './wasm-module.ts';

export function registerWasmAttention(name: string, wk: WasmKernels): void {
  const base = WasmKernels.index();
  const addr = WasmKernels.addr;
  const cpuForward = getKernel<AttentionKernel>('attention', 'cpu');
  const cpuBackward = getKernel<AttentionBackwardKernel>('attentionBackward', 'cpu');
  /** Packing room for the largest of the six products of one score matrix. */
  const packFor = (tq: number, tk: number, d: number, dv: number) => {
    const big = Math.max(tq, tk, d, dv);
    return wk.packFloats(big, big, big) / wk.threads;
  };

  registerKernel<AttentionKernel>('attention', name, (q, k, v, mask, dims) => {
    if (mask) return cpuForward(q, k, v, mask, dims);
    const { batch, tq, tk, d, dv, scale, causal } = dims;
    const [out, probs] = [q.backend.alloc(batch * tq * dv, 'float32'), q.backend.alloc(batch * tq * tk, 'float32')];
    const [rq, rk, rv] = [0, q.length, q.length + k.length];
    const ro = rv + v.length;
    const rp = ro + out.length;
    const rs = rp + probs.length;
    const mem = wk.scratch(rs + packFor(tq, tk, d, dv));
    mem.set(cpuData(q), base + rq);
    mem.set(cpuData(k), base + rk);
    mem.set(cpuData(v), base + rv);
    wk.exports.attentionForward(addr(rq), addr(rk), addr(rv), addr(ro), addr(rp), batch, tq, tk, d, dv, scale, +causal, addr(rs));
    (cpuData(out) as Float32Array).set(mem.subarray(base + ro, base + rp));
    (cpuData(probs) as Float32Array).set(mem.subarray(base + rp, base + rs));
    return { out, probs };
  });

  registerKernel<AttentionBackwardKernel>('attentionBackward', name, (q, k, v, probs, gOut, dims) => {
    if (dims.maskStrides) return cpuBackward(q, k, v, probs, gOut, dims);
    const { batch, tq, tk, d, dv, scale } = dims;
    const grads = { dq: q.backend.alloc(q.length, 'float32'), dk: q.backend.alloc(k.length, 'float32'), dv: q.backend.alloc(v.length, 'float32') };
    const inputs = [q, k, v, probs, gOut];
    const offsets: number[] = [];
    let at = 0;
    for (const s of [...inputs, grads.dq, grads.dk, grads.dv]) {
      offsets.push(at);
      at += Math.ceil(s.length / 4) * 4;
    }
    const tmp = at;
    const pack = tmp + Math.ceil((tq * tk) / 4) * 4;
    const mem = wk.scratch(pack + packFor(tq, tk, d, dv));
    inputs.forEach((s, i) => mem.set(cpuData(s), base + offsets[i]!));
    const [oq, ok, ov, op, og, odq, odk, odv] = offsets.map(addr) as number[];
    wk.exports.attentionBackward(oq!, ok!, ov!, op!, og!, odq!, odk!, odv!, batch, tq, tk, d, dv, scale, addr(tmp), addr(pack));
    [grads.dq, grads.dk, grads.dv].forEach((s, i) => (cpuData(s) as Float32Array).set(mem.subarray(base + offsets[5 + i]!, base + offsets[5 + i]! + s.length)));
    return grads;
  });
}
