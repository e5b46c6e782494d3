// The wasm backend: storage is the CPU backend's (plain typed arrays on the JS heap, so every
// CPU reference kernel runs on it unchanged); what differs is the kernels registered under
// 'wasm' (kernels.ts), SIMD WebAssembly for the hot ops, and a pool: disposed arrays of 4096+
// elements are kept by exact length and handed out again zeroed, which spares a training step
// fresh pages and the garbage collector. Leaves out size classes (one model's shapes repeat).
import type { DType, Storage, TypedArray } from '../../backend.ts';
import { CpuBackend, CpuStorage } from '../cpu/cpu-backend.ts';

const POOLED_MIN = 4096;
/** Bytes the pool may hold; past this, disposed arrays go to the garbage collector. */
const POOL_MAX_BYTES = 256 << 20;

export interface WasmBackendInfo {
  /** Whether the relaxed-SIMD build (fused multiply-add) runs. */
  relaxedSimd: boolean;
  /** Threads the large products are split over, this one included. */
  threads: number;
}

export class WasmBackend extends CpuBackend {
  override readonly name: string = 'wasm';
  private readonly pool = new Map<string, TypedArray[]>();
  private readonly pooled = new WeakSet<TypedArray>();
  private pooledBytes = 0;
  private readonly disposed = new WeakSet<Storage>();
  private allocated = 0;

  constructor(readonly info: WasmBackendInfo) {
    super();
  }

  override alloc(length: number, dtype: DType): CpuStorage {
    this.allocated++;
    const reused = length >= POOLED_MIN ? this.pool.get(`${dtype}:${length}`)?.pop() : undefined;
    if (!reused) return new CpuStorage(this, dtype === 'float32' ? new Float32Array(length) : new Int32Array(length), dtype);
    this.pooled.delete(reused);
    this.pooledBytes -= reused.byteLength;
    reused.fill(0);
    return new CpuStorage(this, reused, dtype);
  }

  override dispose(storage: Storage): void {
    this.allocated--;
    const data = (storage as CpuStorage).data;
    if (this.disposed.has(storage)) return; // a second dispose must not pool an array twice
    this.disposed.add(storage);
    if (data.length < POOLED_MIN || this.pooled.has(data) || this.pooledBytes + data.byteLength > POOL_MAX_BYTES) return;
    const key = `${storage.dtype}:${data.length}`;
    const list = this.pool.get(key);
    if (list) list.push(data);
    else this.pool.set(key, [data]);
    this.pooled.add(data);
    this.pooledBytes += data.byteLength;
  }

  override get live(): number {
    return this.allocated;
  }
}
