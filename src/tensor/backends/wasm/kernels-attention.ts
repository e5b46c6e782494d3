// Scaled dot-product attention on the wasm backend: forward and backward each run as one call
// into WebAssembly (assembly/attention.ts: the products on the packed SIMD matmul, the row
// softmax and its backward in SIMD loops). Padding masks go to the CPU reference kernel. Same
// rules as ops/attention.ts: causal masking aligned bottom-right, a fully masked row gives zeros.
// Self-attention from a fused q|k|v projection (attentionQkv) has kernels of its own
// (assembly/attention-qkv.ts) that read the heads in place; its (batch, head) pairs are shared
// by the kernel threads in chunks they take as they come.
import { getKernel, registerKernel } from '../../registry.ts';
import type { AttentionBackwardKernel, AttentionKernel, AttentionQkvBackwardKernel, AttentionQkvKernel, QkvAttentionDims } from '../../ops/attention.ts';
import { chunkShares, type WasmKernels } from './wasm-module.ts';
import { KernelCall, allocOut } from './kernel-call.ts';

export function registerWasmAttention(name: string, wk: WasmKernels): void {
  const cpuForward = getKernel<AttentionKernel>('attention', 'cpu');
  const cpuBackward = getKernel<AttentionBackwardKernel>('attentionBackward', 'cpu');
  /** Packing room for the largest of the six products of one score matrix. */
  const packFor = (tq: number, tk: number, d: number, dv: number) => {
    const big = Math.max(tq, tk, d, dv);
    return wk.packBytes(big, big, big);
  };

  registerKernel<AttentionKernel>('attention', name, (q, k, v, mask, dims) => {
    if (mask) return cpuForward(q, k, v, mask, dims);
    const { batch, tq, tk, d, dv, scale, causal } = dims;
    const [out, probs] = [allocOut(q, batch * tq * dv), allocOut(q, batch * tq * tk)];
    const call = new KernelCall(wk);
    const [pq, pk, pv, po, pp] = [call.in(q), call.in(k), call.in(v), call.out(out), call.out(probs)];
    const pack = call.scratch(packFor(tq, tk, d, dv));
    call.run(() => wk.exports.attentionForward(pq, pk, pv, po, pp, batch, tq, tk, d, dv, scale, +causal, pack));
    return { out, probs };
  });

  registerKernel<AttentionBackwardKernel>('attentionBackward', name, (q, k, v, probs, gOut, dims) => {
    if (dims.maskStrides) return cpuBackward(q, k, v, probs, gOut, dims);
    const { batch, tq, tk, d, dv, scale } = dims;
    const grads = { dq: allocOut(q, q.length), dk: allocOut(q, k.length), dv: allocOut(q, v.length) };
    const call = new KernelCall(wk);
    const [pq, pk, pv, pp, pg] = [call.in(q), call.in(k), call.in(v), call.in(probs), call.in(gOut)];
    const [dq, dk, dvs] = [call.out(grads.dq), call.out(grads.dk), call.out(grads.dv)];
    const [tmp, pack] = [call.scratch(tq * tk * 4), call.scratch(packFor(tq, tk, d, dv))];
    call.run(() => wk.exports.attentionBackward(pq, pk, pv, pp, pg, dq, dk, dvs, batch, tq, tk, d, dv, scale, tmp, pack));
    return grads;
  });
}

/** Multiply-adds below which a fused attention call stays on one thread. */
const PARALLEL_MIN = 1 << 16;

export function registerWasmQkvAttention(name: string, wk: WasmKernels): void {
  /** Runs a chunked attention kernel over the (batch, head) pairs; args(divisor, least, ctl, seq, scratch). */
  const run = (fn: 'attentionQkvForwardChunks' | 'attentionQkvBackwardChunks', { batch, t, heads, d }: QkvAttentionDims, args: (...c: number[]) => number[]) => {
    const pairs = batch * heads;
    const threads = Math.min(pairs, wk.partsFor(pairs * t * t * d, PARALLEL_MIN));
    const [divisor, least] = chunkShares(threads, pairs, 1);
    wk.chunked(fn, threads, pairs, wk.exports.attentionQkvScratchBytes(t, d), (ctl, seq, scratch) => args(divisor, least, ctl, seq, scratch));
  };

  registerKernel<AttentionQkvKernel>('attentionQkv', name, (qkv, dims, lens) => {
    const { batch, t, heads, d, scale, causal } = dims;
    const [out, probs] = [allocOut(qkv, batch * t * heads * d), allocOut(qkv, batch * heads * t * t)];
    const call = new KernelCall(wk);
    const [px, po, pp, pl] = [call.in(qkv), call.out(out), call.out(probs), lens ? call.in(lens) : 0];
    call.run(() => run('attentionQkvForwardChunks', dims, (...c) => [px, po, pp, t, heads, d, scale, +causal, pl, batch * heads, ...c]));
    return { out, probs };
  });

  registerKernel<AttentionQkvBackwardKernel>('attentionQkvBackward', name, (qkv, probs, gOut, dims, lens) => {
    const { batch, t, heads, d, scale, causal } = dims;
    const dqkv = allocOut(qkv, qkv.length);
    const call = new KernelCall(wk);
    const [px, pp, pg, pd, pl] = [call.in(qkv), call.in(probs), call.in(gOut), call.out(dqkv), lens ? call.in(lens) : 0];
    call.run(() => run('attentionQkvBackwardChunks', dims, (...c) => [px, pp, pg, pd, t, heads, d, scale, +causal, pl, batch * heads, ...c]));
    return dqkv;
  });
}
