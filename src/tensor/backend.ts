// The Backend interface: a backend owns tensor storage behind an opaque handle and runs the
// kernels registered for it (registry.ts). CPU is the reference; WebGPU keeps storage in GPU
// buffers and reads back only when asked (`read` is async for that reason).

export type DType = 'float32' | 'int32';
export type TypedArray = Float32Array | Int32Array;

/** Opaque storage handle; only its backend looks inside. */
export interface Storage {
  readonly backend: Backend;
  readonly length: number;
  readonly dtype: DType;
}

export interface Backend {
  readonly name: string;
  alloc(length: number, dtype: DType): Storage;
  write(storage: Storage, data: TypedArray): void;
  read(storage: Storage): Promise<TypedArray>;
  dispose(storage: Storage): void;
  /** Storages allocated and not yet disposed (for leak tests). */
  readonly live: number;
  /** Submits queued work (WebGPU batches many dispatches); CPU does nothing. */
  flush(): void;
}

export function arrayFor(dtype: DType, length: number): TypedArray {
  return dtype === 'float32' ? new Float32Array(length) : new Int32Array(length);
}
