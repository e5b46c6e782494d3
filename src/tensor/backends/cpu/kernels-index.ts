// CPU kernels that move elements by index: gather rows and scatter-add, slice and its inverse,
// concat, masked fill, and the fused layer norm forward and backward.
import { sizeOf, type Shape } from '../../tensor.ts';
import type { Storage } from '../../backend.ts';
import { registerKernel } from '../../registry.ts';
import { broadcastStrides } from '../../ops/op.ts';
import type { GatherKernel, ScatterAddKernel } from '../../ops/gather.ts';
import type { ConcatKernel, SliceKernel, UnsliceKernel } from '../../ops/slice.ts';
import type { MaskedFillKernel } from '../../ops/masked-fill.ts';
import type { LayerNormBackwardKernel, LayerNormKernel } from '../../ops/layer-norm.ts';
import { cpuData } from './cpu-backend.ts';

let registered = false;
const stridesOf = (shape: Shape) => shape.map((_, i) => sizeOf(shape.slice(i + 1)));

/** Calls visit(flatIndexInBig, flatIndexInBox) for every element of the box [begin, begin+size). */
function eachInBox(shape: Shape, begin: number[], size: number[], visit: (big: number, box: number) => void): void {
  const strides = stridesOf(shape);
  const n = sizeOf(size);
  const idx = new Array<number>(size.length).fill(0);
  for (let i = 0; i < n; i++) {
    let off = 0;
    for (let d = 0; d < size.length; d++) off += (begin[d]! + idx[d]!) * strides[d]!;
    visit(off, i);
    for (let d = size.length - 1; d >= 0; d--) {
      if (++idx[d]! < size[d]!) break;
      idx[d] = 0;
    }
  }
}

function checkId(id: number, rows: number): void {
  if (id < 0 || id >= rows) throw new Error(`gatherRows: id ${id} is outside the table of ${rows} rows`);
}

export function registerCpuIndexKernels(): void {
  if (registered) return;
  registered = true;

  registerKernel<GatherKernel>('gather', 'cpu', (table, ids, rows, cols) => {
    const idx = cpuData(ids);
    const res = table.backend.alloc(idx.length * cols, 'float32');
    const [src, dst] = [cpuData(table), cpuData(res)];
    for (let i = 0; i < idx.length; i++) {
      checkId(idx[i]!, rows);
      dst.set(src.subarray(idx[i]! * cols, idx[i]! * cols + cols), i * cols);
    }
    return res;
  });

  registerKernel<ScatterAddKernel>('scatterAdd', 'cpu', (grad, ids, rows, cols) => {
    const res = grad.backend.alloc(rows * cols, 'float32');
    const [g, idx, dst] = [cpuData(grad), cpuData(ids), cpuData(res)];
    for (let i = 0; i < idx.length; i++) for (let c = 0; c < cols; c++) dst[idx[i]! * cols + c]! += g[i * cols + c]!;
    return res;
  });

  registerKernel<SliceKernel>('slice', 'cpu', (x, shape, begin, size) => {
    const res = x.backend.alloc(sizeOf(size), x.dtype);
    const [src, dst] = [cpuData(x), cpuData(res)];
    eachInBox(shape, begin, size, (big, box) => (dst[box] = src[big]!));
    return res;
  });

  registerKernel<UnsliceKernel>('unslice', 'cpu', (part, shape, begin, size) => {
    const res = part.backend.alloc(sizeOf(shape), part.dtype);
    const [src, dst] = [cpuData(part), cpuData(res)];
    eachInBox(shape, begin, size, (big, box) => (dst[big] = src[box]!));
    return res;
  });

  registerKernel<ConcatKernel>('concat', 'cpu', (parts, shapes, axis, out) => {
    const res = parts[0]!.backend.alloc(sizeOf(out), parts[0]!.dtype);
    const dst = cpuData(res);
    let at = 0;
    parts.forEach((p, k) => {
      const size = [...shapes[k]!];
      const src = cpuData(p);
      eachInBox(out, out.map((_, i) => (i === axis ? at : 0)), size, (big, box) => (dst[big] = src[box]!));
      at += size[axis]!;
    });
    return res;
  });

  registerKernel<MaskedFillKernel>('maskedFill', 'cpu', (x, mask, maskShape, shape, value) => {
    const res = x.backend.alloc(x.length, x.dtype);
    const [src, m, dst] = [cpuData(x), cpuData(mask), cpuData(res)];
    const ms = broadcastStrides(maskShape, shape);
    const idx = new Array<number>(shape.length).fill(0);
    for (let i = 0; i < src.length; i++) {
      let off = 0;
      for (let d = 0; d < shape.length; d++) off += idx[d]! * ms[d]!;
      dst[i] = m[off] ? value : src[i]!;
      for (let d = shape.length - 1; d >= 0; d--) {
        if (++idx[d]! < shape[d]!) break;
        idx[d] = 0;
      }
    }
    return res;
  });

  registerKernel<LayerNormKernel>('layerNorm', 'cpu', (x, gamma, beta, rows, cols, eps) => {
    const alloc = (n: number) => x.backend.alloc(n, 'float32');
    const [y, mean, rstd] = [alloc(rows * cols), alloc(rows), alloc(rows)];
    const [src, g, b, out, mu, rs] = [cpuData(x), cpuData(gamma), cpuData(beta), cpuData(y), cpuData(mean), cpuData(rstd)];
    for (let r = 0; r < rows; r++) {
      const off = r * cols;
      let m = 0;
      for (let c = 0; c < cols; c++) m += src[off + c]!;
      m /= cols;
      let v = 0;
      for (let c = 0; c < cols; c++) v += (src[off + c]! - m) ** 2;
      const inv = 1 / Math.sqrt(v / cols + eps);
      mu[r] = m;
      rs[r] = inv;
      for (let c = 0; c < cols; c++) out[off + c] = (src[off + c]! - m) * inv * g[c]! + b[c]!;
    }
    return { y, mean, rstd };
  });

  registerKernel<LayerNormBackwardKernel>('layerNormBackward', 'cpu', (x, gamma, mean, rstd, gy, rows, cols) => {
    const alloc = (n: number) => x.backend.alloc(n, 'float32');
    const [dx, dgamma, dbeta] = [alloc(rows * cols), alloc(cols), alloc(cols)];
    const [src, g, mu, rs, up, dxs, dg, db] = [cpuData(x), cpuData(gamma), cpuData(mean), cpuData(rstd), cpuData(gy), cpuData(dx), cpuData(dgamma), cpuData(dbeta)];
    const accG = new Float64Array(cols);
    const accB = new Float64Array(cols);
    for (let r = 0; r < rows; r++) {
      const off = r * cols;
      // dx = (1/σ) · (ĝ − mean(ĝ) − x̂ · mean(ĝ ⊙ x̂)), ĝ = gy ⊙ γ
      let sumG = 0;
      let sumGX = 0;
      for (let c = 0; c < cols; c++) {
        const xh = (src[off + c]! - mu[r]!) * rs[r]!;
        const gh = up[off + c]! * g[c]!;
        sumG += gh;
        sumGX += gh * xh;
        accG[c]! += up[off + c]! * xh;
        accB[c]! += up[off + c]!;
      }
      for (let c = 0; c < cols; c++) {
        const xh = (src[off + c]! - mu[r]!) * rs[r]!;
        dxs[off + c] = rs[r]! * (up[off + c]! * g[c]! - sumG / cols - (xh * sumGX) / cols);
      }
    }
    dg.set(accG);
    db.set(accB);
    return { dx, dgamma, dbeta };
  });
}
