// The Backend interface: a backend owns tensor storage behind an opaque handle and runs the
// kernels registered for it (registry.ts). CPU is the reference; WebGPU keeps storage in GPU
// buffers and reads back only when asked (`read` is async for that reason).

export type DType = 'float32' | 'int32';
export type TypedArray = Float32Array | Int32Array;

/** Opaque storage handle; only its backend (and its kernels) look inside. */
export interface Storage {
  readonly backend: Backend;
  readonly length: number;
  readonly dtype: DType;
  /** Whether another live handle (a view) shares these elements: then nothing may update them in place. */
  readonly aliased?: boolean;
}

/**
 * Storage and a queue of work. Kernels (one per op, registered under this backend's `name`)
 * take storages, shapes and parameters, allocate their outputs here with `alloc`, record their
 * work and return at once; optimizer kernels update given storages in place. Nothing is read
 * back until `read`, which may wait for the queued work.
 */
export interface Backend {
  readonly name: string;
  alloc(length: number, dtype: DType): Storage;
  /** Copies host data in; ordered after every kernel recorded before it. */
  write(storage: Storage, data: TypedArray): void;
  /** A copy of the values, once the work that produces them is done. */
  read(storage: Storage): Promise<TypedArray>;
  /** Gives the storage back (a GPU backend pools it); work already recorded on it still runs first. */
  dispose(storage: Storage): void;
  /** Storages allocated and not yet disposed (for leak tests). */
  readonly live: number;
  /**
   * A second handle on the same elements (reshape's output), freed when every handle is
   * disposed. Optional: a backend without it gets a copy. Only for tensors nothing updates in place.
   */
  view?(storage: Storage): Storage;
  /** Submits queued work (WebGPU batches many dispatches per command encoder); CPU does nothing. */
  flush(): void;
}

export function arrayFor(dtype: DType, length: number): TypedArray {
  return dtype === 'float32' ? new Float32Array(length) : new Int32Array(length);
}
