// WebGPU kernels for the neural-network ops: softmax / log-softmax, cross-entropy and its
// gradient, layer norm forward and backward, gather / scatter-add, slice / unslice / concat,
// permute, masked fill, erf, max, and the optimizer steps (SGD, Adam/AdamW, clip by norm) — updates in
// place, no readback. Same signatures as the CPU kernels.
import { sizeOf } from '../../tensor.ts';
import type { Storage } from '../../backend.ts';
import { registerKernel } from '../../registry.ts';
import { broadcastStrides } from '../../ops/op.ts';
import type { SoftmaxKernel } from '../../ops/softmax.ts';
import type { CrossEntropyGradKernel, CrossEntropyKernel } from '../../ops/cross-entropy.ts';
import type { LayerNormBackwardKernel, LayerNormKernel } from '../../ops/layer-norm.ts';
import type { GatherKernel, ScatterAddKernel } from '../../ops/gather.ts';
import type { ConcatKernel, SliceKernel, UnsliceKernel } from '../../ops/slice.ts';
import type { PermuteKernel } from '../../ops/permute.ts';
import type { MaskedFillKernel } from '../../ops/masked-fill.ts';
import type { ErfKernel } from '../../ops/erf.ts';
import type { MaxKernel } from '../../ops/max.ts';
import type { AdamKernel, ClipKernel, SgdKernel } from '../../ops/optim-step.ts';
import { gpuBuffer, type WebGpuBackend } from './webgpu-backend.ts';
import {
  CROSS_ENTROPY_GRAD_SHADER, CROSS_ENTROPY_MEAN_SHADER, CROSS_ENTROPY_ROWS_SHADER, LAYER_NORM_DPARAMS_SHADER, LAYER_NORM_DX_SHADER,
  LAYER_NORM_SHADER, SOFTMAX_SHADER,
} from './wgsl/rows.ts';
import {
  ERF_SHADER, GATHER_SHADER, GATHER_STRIDED_SHADER, MASKED_FILL_SHADER, MAX_SHADER, SCATTER_ADD_SHADER, SCATTER_STRIDED_SHADER, ZERO_SHADER,
} from './wgsl/index-ops.ts';
import { ADAM_SHADER, CLIP_SHADER, SGD_SHADER } from './wgsl/optim.ts';

let registered = false;
const gpu = (s: Storage) => s.backend as WebGpuBackend;
const bits = (v: number) => new Uint32Array(Float32Array.of(v).buffer)[0]!;
const intBits = (v: number) => new Uint32Array(Int32Array.of(v).buffer)[0]!;
const stridesOf = (shape: readonly number[]) => shape.map((_, i) => sizeOf(shape.slice(i + 1)));

/** Copies the box `size` at `begin` of a `shape` tensor (gather) or writes one there (scatter). */
function box(b: WebGpuBackend, shader: string, from: GPUBuffer, to: GPUBuffer, shape: readonly number[], begin: number[], size: number[]): void {
  const strides = stridesOf(shape);
  const base = begin.reduce((s, v, i) => s + v * strides[i]!, 0);
  const n = sizeOf(size);
  if (n > 0) b.run(shader, [from, to, b.params([n, size.length, base, ...size, ...strides])], b.grid(n));
}

function zero(b: WebGpuBackend, buffer: GPUBuffer, n: number): void {
  b.run(ZERO_SHADER, [buffer, b.params([n])], b.grid(n));
}

export function registerWebGpuNnKernels(): void {
  if (registered) return;
  registered = true;

  registerKernel<SoftmaxKernel>('softmax', 'webgpu', (x, rows, cols, { log, causal }) => {
    const b = gpu(x);
    const y = b.alloc(rows * cols, 'float32');
    b.run(SOFTMAX_SHADER, [gpuBuffer(x), y.buffer, b.params([rows, cols, log ? 1 : 0, causal ? 1 : 0])], b.grid(rows));
    return y;
  });

  registerKernel<CrossEntropyKernel>('crossEntropy', 'webgpu', (logits, targets, rows, classes, ignore) => {
    const b = gpu(logits);
    const perRow = b.alloc(rows, 'float32');
    const y = b.alloc(1, 'float32');
    b.run(CROSS_ENTROPY_ROWS_SHADER, [gpuBuffer(logits), gpuBuffer(targets), perRow.buffer, b.params([rows, classes, intBits(ignore)])], b.grid(rows));
    b.run(CROSS_ENTROPY_MEAN_SHADER, [perRow.buffer, gpuBuffer(targets), y.buffer, b.params([rows, intBits(ignore)])], [1]);
    b.dispose(perRow);
    return y;
  });

  registerKernel<CrossEntropyGradKernel>('crossEntropyGrad', 'webgpu', (logits, targets, grad, rows, classes, ignore) => {
    const b = gpu(logits);
    const dx = b.alloc(rows * classes, 'float32');
    b.run(CROSS_ENTROPY_GRAD_SHADER, [gpuBuffer(logits), gpuBuffer(targets), gpuBuffer(grad), dx.buffer, b.params([rows, classes, intBits(ignore)])], b.grid(rows));
    return dx;
  });

  registerKernel<LayerNormKernel>('layerNorm', 'webgpu', (x, gamma, beta, rows, cols, eps) => {
    const b = gpu(x);
    const [y, mean, rstd] = [b.alloc(rows * cols, 'float32'), b.alloc(rows, 'float32'), b.alloc(rows, 'float32')];
    b.run(LAYER_NORM_SHADER, [gpuBuffer(x), gpuBuffer(gamma), gpuBuffer(beta), y.buffer, mean.buffer, rstd.buffer, b.params([rows, cols, bits(eps)])], b.grid(rows));
    return { y, mean, rstd };
  });

  registerKernel<LayerNormBackwardKernel>('layerNormBackward', 'webgpu', (x, gamma, mean, rstd, gy, rows, cols) => {
    const b = gpu(x);
    const [dx, dgamma, dbeta] = [b.alloc(rows * cols, 'float32'), b.alloc(cols, 'float32'), b.alloc(cols, 'float32')];
    const [X, M, R, G] = [gpuBuffer(x), gpuBuffer(mean), gpuBuffer(rstd), gpuBuffer(gy)];
    b.run(LAYER_NORM_DX_SHADER, [X, gpuBuffer(gamma), M, R, G, dx.buffer, b.params([rows, cols])], b.grid(rows));
    b.run(LAYER_NORM_DPARAMS_SHADER, [X, M, R, G, dgamma.buffer, dbeta.buffer, b.params([rows, cols])], b.grid(cols));
    return { dx, dgamma, dbeta };
  });

  registerKernel<GatherKernel>('gather', 'webgpu', (table, ids, rows, cols) => {
    const b = gpu(table);
    const n = ids.length * cols;
    const y = b.alloc(n, 'float32');
    if (n > 0) b.run(GATHER_SHADER, [gpuBuffer(table), gpuBuffer(ids), y.buffer, b.params([n, rows, cols])], b.grid(n));
    return y;
  });

  registerKernel<ScatterAddKernel>('scatterAdd', 'webgpu', (grad, ids, rows, cols) => {
    const b = gpu(grad);
    const y = b.alloc(rows * cols, 'float32');
    b.run(SCATTER_ADD_SHADER, [gpuBuffer(grad), gpuBuffer(ids), y.buffer, b.params([rows * cols, ids.length, cols])], b.grid(rows * cols));
    return y;
  });

  registerKernel<SliceKernel>('slice', 'webgpu', (x, shape, begin, size) => {
    const b = gpu(x);
    const y = b.alloc(sizeOf(size), x.dtype);
    box(b, GATHER_STRIDED_SHADER, gpuBuffer(x), y.buffer, shape, begin, size);
    return y;
  });

  registerKernel<UnsliceKernel>('unslice', 'webgpu', (part, shape, begin, size) => {
    const b = gpu(part);
    const y = b.alloc(sizeOf(shape), part.dtype);
    zero(b, y.buffer, sizeOf(shape));
    box(b, SCATTER_STRIDED_SHADER, gpuBuffer(part), y.buffer, shape, begin, size);
    return y;
  });

  registerKernel<ConcatKernel>('concat', 'webgpu', (parts, shapes, axis, out) => {
    const b = gpu(parts[0]!);
    const y = b.alloc(sizeOf(out), parts[0]!.dtype);
    let at = 0;
    parts.forEach((p, k) => {
      box(b, SCATTER_STRIDED_SHADER, gpuBuffer(p), y.buffer, out, out.map((_, i) => (i === axis ? at : 0)), [...shapes[k]!]);
      at += shapes[k]![axis]!;
    });
    return y;
  });

  registerKernel<PermuteKernel>('permute', 'webgpu', (x, shape, perm) => {
    const b = gpu(x);
    const y = b.alloc(x.length, x.dtype);
    const strides = stridesOf(shape);
    const outShape = perm.map((p) => shape[p]!);
    if (x.length > 0) b.run(GATHER_STRIDED_SHADER, [gpuBuffer(x), y.buffer, b.params([x.length, shape.length, 0, ...outShape, ...perm.map((p) => strides[p]!)])], b.grid(x.length));
    return y;
  });

  registerKernel<MaskedFillKernel>('maskedFill', 'webgpu', (x, mask, maskShape, shape, value) => {
    const b = gpu(x);
    const y = b.alloc(x.length, 'float32');
    const p = [x.length, shape.length, bits(value), ...shape, ...broadcastStrides(maskShape, shape)];
    b.run(MASKED_FILL_SHADER, [gpuBuffer(x), gpuBuffer(mask), y.buffer, b.params(p)], b.grid(x.length));
    return y;
  });

  registerKernel<ErfKernel>('erf', 'webgpu', (x) => {
    const b = gpu(x);
    const y = b.alloc(x.length, 'float32');
    b.run(ERF_SHADER, [gpuBuffer(x), y.buffer, b.params([x.length])], b.grid(x.length));
    return y;
  });

  registerKernel<MaxKernel>('max', 'webgpu', (x, shape, axes, mask) => {
    const b = gpu(x);
    const outputs = sizeOf(shape.filter((_, i) => !axes.includes(i)));
    const reduced = sizeOf(axes.map((a) => shape[a]!));
    const flags = shape.map((_, i) => (axes.includes(i) ? 1 : 0));
    const y = b.alloc(mask ? x.length : outputs, 'float32');
    if (mask) zero(b, y.buffer, x.length);
    b.run(MAX_SHADER, [gpuBuffer(x), y.buffer, b.params([outputs, shape.length, reduced, mask ? 1 : 0, ...shape, ...stridesOf(shape), ...flags])], b.grid(outputs));
    return y;
  });

  registerKernel<SgdKernel>('sgdStep', 'webgpu', (param, grad, velocity, { lr, momentum, weightDecay }) => {
    const b = gpu(param);
    b.run(SGD_SHADER, [gpuBuffer(param), gpuBuffer(grad), gpuBuffer(velocity), b.params([param.length, bits(lr), bits(momentum), bits(weightDecay)])], b.grid(param.length));
  });

  registerKernel<AdamKernel>('adamStep', 'webgpu', (param, grad, m, v, p) => {
    const b = gpu(param);
    const words = [param.length, bits(p.lr), bits(p.beta1), bits(p.beta2), bits(p.eps), bits(p.weightDecay), p.decoupled ? 1 : 0,
      bits(1 - p.beta1 ** p.step), bits(1 - p.beta2 ** p.step)];
    b.run(ADAM_SHADER, [gpuBuffer(param), gpuBuffer(grad), gpuBuffer(m), gpuBuffer(v), b.params(words)], b.grid(param.length));
  });

  registerKernel<ClipKernel>('clipByNorm', 'webgpu', (grad, norm, maxNorm) => {
    const b = gpu(grad);
    b.run(CLIP_SHADER, [gpuBuffer(grad), gpuBuffer(norm), b.params([grad.length, bits(maxNorm)])], b.grid(grad.length));
  });
}
