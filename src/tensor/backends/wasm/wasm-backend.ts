// The wasm backend: its storages are the CPU backend's (typed arrays, so every CPU reference
// kernel runs on them unchanged), but where the kernels' memory is shared (Node, isolated pages)
// the arrays are views into it — a shared memory's views never detach when it grows — so the
// SIMD kernels (kernels.ts) work on tensors in place. Otherwise, and when the 1 GiB memory is
// full, arrays live on the JS heap and kernels copy them in and out (kernel-call.ts). Blocks
// come back on dispose, or when the garbage collector takes a storage that was never disposed.
import type { DType, Storage } from '../../backend.ts';
import { CpuBackend, CpuStorage } from '../cpu/cpu-backend.ts';
import type { WasmKernels } from './wasm-module.ts';

/** A block of the kernels' memory and the number of live storages on it. */
interface Block {
  readonly addr: number;
  readonly bytes: number;
  handles: number;
}

/** A storage whose array is a view into the kernels' memory at byte address `addr`. */
export class WasmStorage extends CpuStorage {
  constructor(backend: WasmBackend, data: Float32Array | Int32Array, dtype: DType, readonly block: Block) {
    super(backend, data, dtype);
  }

  get addr(): number {
    return this.block.addr;
  }

  get aliased(): boolean {
    return this.block.handles > 1;
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
  /** Lets go of the block of a storage the garbage collector took without a dispose. */
  private readonly reclaim: FinalizationRegistry<Block>;
  private allocated = 0;

  constructor(private readonly kernels: WasmKernels) {
    super();
    this.info = { relaxedSimd: kernels.relaxed, threads: kernels.threads, inMemory: kernels.shared };
    this.reclaim = new FinalizationRegistry((block) => this.letGo(block));
  }

  override alloc(length: number, dtype: DType): CpuStorage {
    const storage = this.allocUnset(length, dtype);
    storage.data.fill(0);
    return storage;
  }

  /** Storage whose elements are not zeroed first: for kernels that write every one of them. */
  allocUnset(length: number, dtype: DType): CpuStorage {
    this.allocated++;
    const bytes = Math.max(length, 1) * 4;
    const addr = this.kernels.shared ? this.kernels.heap.alloc(bytes) : -1;
    if (addr < 0) return new CpuStorage(this, dtype === 'float32' ? new Float32Array(length) : new Int32Array(length), dtype);
    return this.handle({ addr, bytes, handles: 0 }, length, dtype);
  }

  /** Reshape without a copy: a second storage on the same block (one on the JS heap is copied). */
  view(storage: Storage): Storage {
    const s = storage as CpuStorage;
    if (!(s instanceof WasmStorage)) {
      const copy = this.allocUnset(s.length, s.dtype);
      copy.data.set(s.data);
      return copy;
    }
    this.allocated++;
    return this.handle(s.block, s.length, s.dtype);
  }

  private handle(block: Block, length: number, dtype: DType): WasmStorage {
    const buffer = this.kernels.view().buffer;
    const data = dtype === 'float32' ? new Float32Array(buffer, block.addr, length) : new Int32Array(buffer, block.addr, length);
    const storage = new WasmStorage(this, data, dtype, block);
    block.handles++;
    this.reclaim.register(storage, block, storage);
    return storage;
  }

  override dispose(storage: Storage): void {
    this.allocated--;
    if (!(storage instanceof WasmStorage) || this.disposed.has(storage)) return; // never let go of a block twice
    this.disposed.add(storage);
    this.reclaim.unregister(storage);
    this.letGo(storage.block);
  }

  /** One handle fewer on the block; the last gives it back to the heap. */
  private letGo(block: Block): void {
    if (--block.handles === 0) this.kernels.heap.release(block.addr, block.bytes);
  }

  override get live(): number {
    return this.allocated;
  }
}
