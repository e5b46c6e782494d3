// One call into the wasm kernels with storages as arguments: a storage that lives in the
// kernels' memory is passed by its address; any other (JS heap) gets a temporary block, copied
// in before the call (inputs) and out after it (outputs). Views are taken after every block is
// allocated, since growing an unshared memory detaches them.
import type { DType, Storage } from '../../backend.ts';
import { cpuData } from '../cpu/cpu-backend.ts';
import { WasmStorage, type WasmBackend } from './wasm-backend.ts';
import type { WasmKernels } from './wasm-module.ts';

/** An output storage on the backend of `like`, not zeroed: for kernels that write every element. */
export function allocOut(like: Storage, length: number, dtype: DType = 'float32'): Storage {
  return (like.backend as WasmBackend).allocUnset(length, dtype);
}

interface Temp {
  addr: number;
  bytes: number;
  copyIn?: Storage;
  copyOut?: Storage;
}

export class KernelCall {
  private readonly temps: Temp[] = [];

  constructor(private readonly wk: WasmKernels) {}

  private temp(bytes: number, copyIn?: Storage, copyOut?: Storage): number {
    const addr = this.wk.heap.alloc(bytes);
    if (addr < 0) throw new Error(`the wasm kernels' memory is full (1 GiB): no room for ${bytes} bytes`);
    this.temps.push({ addr, bytes, copyIn, copyOut });
    return addr;
  }

  /** Address of an input (read by the kernel). */
  in(s: Storage): number {
    return s instanceof WasmStorage ? s.addr : this.temp(s.length * 4, s);
  }

  /** Address of an output (written by the kernel). */
  out(s: Storage): number {
    return s instanceof WasmStorage ? s.addr : this.temp(s.length * 4, undefined, s);
  }

  /** Address of a storage the kernel reads and updates in place. */
  inOut(s: Storage): number {
    return s instanceof WasmStorage ? s.addr : this.temp(s.length * 4, s, s);
  }

  /** Address of `bytes` of scratch. */
  scratch(bytes: number): number {
    return this.temp(bytes);
  }

  /** A view of the memory at addr with the storage's length and element type. */
  private at(s: Storage, addr: number): Float32Array | Int32Array {
    const buffer = this.wk.view().buffer;
    return s.dtype === 'float32' ? new Float32Array(buffer, addr, s.length) : new Int32Array(buffer, addr, s.length);
  }

  /** Copies the inputs in, runs the kernel, copies the outputs out and frees the temporaries. */
  run(kernel: () => void): void {
    try {
      for (const t of this.temps) if (t.copyIn) this.at(t.copyIn, t.addr).set(cpuData(t.copyIn));
      kernel();
      for (const t of this.temps) if (t.copyOut) cpuData(t.copyOut).set(this.at(t.copyOut, t.addr));
    } finally {
      for (const t of this.temps) this.wk.heap.release(t.addr, t.bytes);
    }
  }
}
