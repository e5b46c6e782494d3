// The wasm backend: its storages are the CPU backend's (typed arrays, so every CPU reference
// kernel runs on them unchanged), but where the kernels' memory is shared (Node, isolated pages)
// the arrays are views into it — a shared memory's views never detach when it grows — so the
// SIMD kernels (kernels.ts) work on tensors in place. Otherwise, and when the 1 GiB memory is
// full, arrays live on the JS heap and kernels copy them in and out (kernel-call.ts). Blocks
// come back on dispose, or when the garbage collector takes a storage that was never disposed.
import type { DType, Storage } from '../../backend.ts';
import { CpuBackend, CpuStorage } from '../cpu/cpu-backend.ts';
import type { WasmKernels } from './wasm-module.ts';

/** A storage whose array is a view into the kernels' memory at byte address `addr`. */
export class WasmStorage extends CpuStorage {
  constructor(backend: WasmBackend, data: Float32Array | Int32Array, dtype: DType, readonly addr: number) {
    super(backend, data, dtype);
  }
}

export interface WasmBackendInfo {
  /** Whether the relaxed-SIMD build (fused multiply-add) runs. */
  relaxedSimd: boolean;
  /** Threads the large products are split over, this one included. */
  threads: number;
  /** Whether tensors live in the kernels' (shared) memory, or on the JS heap with copies. */
  inMemory: boolean;
}

export class WasmBackend extends CpuBackend {
  override readonly name: string = 'wasm';
  readonly info: WasmBackendInfo;
  private readonly disposed = new WeakSet<Storage>();
  /** Gives blocks back for storages the garbage collector took without a dispose. */
  private readonly reclaim: FinalizationRegistry<[number, number]>;
  private allocated = 0;

  constructor(private readonly kernels: WasmKernels) {
    super();
    this.info = { relaxedSimd: kernels.relaxed, threads: kernels.threads, inMemory: kernels.shared };
    this.reclaim = new FinalizationRegistry(([addr, bytes]) => kernels.heap.release(addr, bytes));
  }

  override alloc(length: number, dtype: DType): CpuStorage {
    this.allocated++;
    const bytes = Math.max(length, 1) * 4;
    const addr = this.kernels.shared ? this.kernels.heap.alloc(bytes) : -1;
    if (addr < 0) return new CpuStorage(this, dtype === 'float32' ? new Float32Array(length) : new Int32Array(length), dtype);
    const buffer = this.kernels.view().buffer;
    const data = dtype === 'float32' ? new Float32Array(buffer, addr, length) : new Int32Array(buffer, addr, length);
    data.fill(0);
    const storage = new WasmStorage(this, data, dtype, addr);
    this.reclaim.register(storage, [addr, bytes], storage);
    return storage;
  }

  override dispose(storage: Storage): void {
    this.allocated--;
    if (!(storage instanceof WasmStorage) || this.disposed.has(storage)) return; // never give a block back twice
    this.disposed.add(storage);
    this.reclaim.unregister(storage);
    this.kernels.heap.release(storage.addr, Math.max(storage.length, 1) * 4);
  }

  override get live(): number {
    return this.allocated;
  }
}
