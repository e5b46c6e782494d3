// WebGPU kernels for the fused ops: GELU and its backward, where, the dropout mask, and scaled
// dot-product attention forward and backward. Same signatures as the CPU kernels; every result
// stays on the device.
import { sizeOf } from '../../tensor.ts';
import type { Backend, Storage } from '../../backend.ts';
import { registerKernel } from '../../registry.ts';
import { broadcastStrides } from '../../ops/op.ts';
import type { GeluBackwardKernel, GeluKernel } from '../../ops/gelu.ts';
import type { WhereKernel } from '../../ops/where.ts';
import type { DropoutMaskKernel } from '../../ops/dropout.ts';
import type { AttentionBackwardKernel, AttentionDims, AttentionKernel } from '../../ops/attention.ts';
import { gpuBuffer, type WebGpuBackend } from './webgpu-backend.ts';
import { DROPOUT_MASK_SHADER, GELU_BACKWARD_SHADER, GELU_SHADER, WHERE_SHADER } from './wgsl/fused.ts';
import { ATTENTION_DKV_SHADER, ATTENTION_DQ_SHADER, ATTENTION_SHADER } from './wgsl/attention.ts';

let registered = false;
const gpu = (s: Storage | Backend) => ('backend' in s ? s.backend : s) as WebGpuBackend;
const bits = (v: number) => new Uint32Array(Float32Array.of(v).buffer)[0]!;

/** The attention parameter words (wgsl/attention.ts). */
function attentionParams(b: WebGpuBackend, d: AttentionDims): GPUBuffer {
  const strides = d.maskStrides ?? new Array<number>(d.batchShape.length + 2).fill(0);
  const words = [d.batch, d.tq, d.tk, d.d, d.dv, bits(d.scale), d.causal ? 1 : 0, d.maskStrides ? 1 : 0, d.batchShape.length, ...d.batchShape, ...strides];
  return b.params(words);
}

export function registerWebGpuFusedKernels(): void {
  if (registered) return;
  registered = true;

  registerKernel<GeluKernel>('gelu', 'webgpu', (x, approximate) => {
    const b = gpu(x);
    const y = b.alloc(x.length, 'float32');
    b.run(GELU_SHADER, [gpuBuffer(x), y.buffer, b.params([x.length, approximate === 'none' ? 1 : 0])], b.grid(x.length));
    return y;
  });

  registerKernel<GeluBackwardKernel>('geluBackward', 'webgpu', (x, g, approximate) => {
    const b = gpu(x);
    const y = b.alloc(x.length, 'float32');
    b.run(GELU_BACKWARD_SHADER, [gpuBuffer(x), gpuBuffer(g), y.buffer, b.params([x.length, approximate === 'none' ? 1 : 0])], b.grid(x.length));
    return y;
  });

  registerKernel<WhereKernel>('where', 'webgpu', (cond, condShape, x, xShape, z, zShape, out) => {
    const b = gpu(x);
    const n = sizeOf(out);
    const y = b.alloc(n, x.dtype);
    const p = [n, out.length, ...out, ...[condShape, xShape, zShape].flatMap((s) => broadcastStrides(s, out))];
    b.run(WHERE_SHADER, [gpuBuffer(cond), gpuBuffer(x), gpuBuffer(z), y.buffer, b.params(p)], b.grid(n));
    return y;
  });

  registerKernel<DropoutMaskKernel>('dropoutMask', 'webgpu', (backend, n, seed, threshold, scale) => {
    const b = gpu(backend);
    const y = b.alloc(n, 'float32');
    b.run(DROPOUT_MASK_SHADER, [y.buffer, b.params([n, seed, threshold, bits(scale)])], b.grid(n));
    return y;
  });

  registerKernel<AttentionKernel>('attention', 'webgpu', (q, k, v, mask, dims) => {
    const b = gpu(q);
    const out = b.alloc(dims.batch * dims.tq * dims.dv, 'float32');
    const probs = b.alloc(dims.batch * dims.tq * dims.tk, 'float32');
    // Without a mask the shader never reads binding 3; any buffer will do.
    const maskBuffer = mask ? gpuBuffer(mask) : b.params([0]);
    const buffers = [gpuBuffer(q), gpuBuffer(k), gpuBuffer(v), maskBuffer, out.buffer, probs.buffer, attentionParams(b, dims)];
    b.run(ATTENTION_SHADER, buffers, b.grid(dims.batch * dims.tq));
    return { out, probs };
  });

  registerKernel<AttentionBackwardKernel>('attentionBackward', 'webgpu', (q, k, v, probs, gOut, dims) => {
    const b = gpu(q);
    const [dq, dk, dv] = [b.alloc(q.length, 'float32'), b.alloc(k.length, 'float32'), b.alloc(v.length, 'float32')];
    const ds = b.alloc(probs.length, 'float32');
    const p = attentionParams(b, dims);
    const [P, G] = [gpuBuffer(probs), gpuBuffer(gOut)];
    b.run(ATTENTION_DQ_SHADER, [gpuBuffer(k), gpuBuffer(v), P, G, ds.buffer, dq.buffer, p], b.grid(dims.batch * dims.tq));
    b.run(ATTENTION_DKV_SHADER, [gpuBuffer(q), P, G, ds.buffer, dk.buffer, dv.buffer, p], b.grid(dims.batch * dims.tk));
    b.dispose(ds); // back to the pool: later work on it runs after these dispatches
    return { dq, dk, dv };
  });
}
