// Scaled dot-product attention on the wasm backend: forward and backward each run as one call
// into WebAssembly (assembly/attention.ts: the products on the packed SIMD matmul, the row
// softmax and its backward in SIMD loops). Padding masks go to the CPU reference kernel. Same
// rules as ops/attention.ts: causal masking aligned bottom-right, a fully masked row gives zeros.
import { getKernel, registerKernel } from '../../registry.ts';
import type { AttentionBackwardKernel, AttentionKernel } from '../../ops/attention.ts';
import type { WasmKernels } from './wasm-module.ts';
import { KernelCall } from './kernel-call.ts';

export function registerWasmAttention(name: string, wk: WasmKernels): void {
  const cpuForward = getKernel<AttentionKernel>('attention', 'cpu');
  const cpuBackward = getKernel<AttentionBackwardKernel>('attentionBackward', 'cpu');
  /** Packing room for the largest of the six products of one score matrix (one thread's). */
  const packFor = (tq: number, tk: number, d: number, dv: number) => {
    const big = Math.max(tq, tk, d, dv);
    return wk.packBytes(big, big, big) / wk.threads;
  };

  registerKernel<AttentionKernel>('attention', name, (q, k, v, mask, dims) => {
    if (mask) return cpuForward(q, k, v, mask, dims);
    const { batch, tq, tk, d, dv, scale, causal } = dims;
    const [out, probs] = [q.backend.alloc(batch * tq * dv, 'float32'), q.backend.alloc(batch * tq * tk, 'float32')];
    const call = new KernelCall(wk);
    const [pq, pk, pv, po, pp] = [call.in(q), call.in(k), call.in(v), call.out(out), call.out(probs)];
    const pack = call.scratch(packFor(tq, tk, d, dv));
    call.run(() => wk.exports.attentionForward(pq, pk, pv, po, pp, batch, tq, tk, d, dv, scale, +causal, pack));
    return { out, probs };
  });

  registerKernel<AttentionBackwardKernel>('attentionBackward', name, (q, k, v, probs, gOut, dims) => {
    if (dims.maskStrides) return cpuBackward(q, k, v, probs, gOut, dims);
    const { batch, tq, tk, d, dv, scale } = dims;
    const grads = { dq: q.backend.alloc(q.length, 'float32'), dk: q.backend.alloc(k.length, 'float32'), dv: q.backend.alloc(v.length, 'float32') };
    const call = new KernelCall(wk);
    const [pq, pk, pv, pp, pg] = [call.in(q), call.in(k), call.in(v), call.in(probs), call.in(gOut)];
    const [dq, dk, dvs] = [call.out(grads.dq), call.out(grads.dk), call.out(grads.dv)];
    const [tmp, pack] = [call.scratch(tq * tk * 4), call.scratch(packFor(tq, tk, d, dv))];
    call.run(() => wk.exports.attentionBackward(pq, pk, pv, pp, pg, dq, dk, dvs, batch, tq, tk, d, dv, scale, tmp, pack));
    return grads;
  });
}
