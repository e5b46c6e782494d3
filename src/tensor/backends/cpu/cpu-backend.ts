// The CPU backend: storage is a plain typed array. The reference every other backend is
// checked against; its kernels (kernels.ts) are plain loops, written to be read.
import { arrayFor, type Backend, type DType, type Storage, type TypedArray } from '../../backend.ts';

export class CpuStorage implements Storage {
  constructor(
    readonly backend: CpuBackend,
    readonly data: TypedArray,
    readonly dtype: DType,
  ) {}

  get length(): number {
    return this.data.length;
  }
}

export class CpuBackend implements Backend {
  readonly name: string = 'cpu';
  private count = 0;

  alloc(length: number, dtype: DType): CpuStorage {
    this.count++;
    return new CpuStorage(this, arrayFor(dtype, length), dtype);
  }

  write(storage: Storage, data: TypedArray): void {
    (storage as CpuStorage).data.set(data);
  }

  read(storage: Storage): Promise<TypedArray> {
    return Promise.resolve((storage as CpuStorage).data.slice());
  }

  dispose(_storage: Storage): void {
    this.count--;
  }

  get live(): number {
    return this.count;
  }

  flush(): void {}
}

/** The typed array behind a CPU storage (kernels only). */
export const cpuData = (s: Storage) => (s as CpuStorage).data;
