// The compiled kernels (generated/kernels-wasm.ts, built by scripts/build-wasm.mjs) instantiated
// once, with a scratch area in its linear memory that grows on demand. src/ is compiled without
// the DOM or Node typings, so the few WebAssembly calls used are typed here.
import { KERNELS_WASM } from './generated/kernels-wasm.ts';

interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

export interface KernelExports {
  memory: WasmMemory;
  /** C (m×n) = A (m×k) · B (k×n), row-major, pointers in bytes; `pack` is 32·k bytes of scratch. */
  matmul(a: number, b: number, c: number, m: number, k: number, n: number, pack: number): void;
  /** out = GELU_tanh(x), n values. */
  geluTanh(x: number, out: number, n: number): void;
  /** out = g · GELU_tanh'(x), n values. */
  geluTanhBackward(x: number, g: number, out: number, n: number): void;
}

interface WasmApi {
  instantiate(bytes: Uint8Array): Promise<{ instance: { exports: unknown } }>;
  validate(bytes: Uint8Array): boolean;
}

const PAGE = 65536;
/** Scratch space starts past the module's own data. */
const BASE = 1024;

export class WasmKernels {
  private f32: Float32Array;

  private constructor(readonly exports: KernelExports) {
    this.f32 = new Float32Array(exports.memory.buffer);
  }

  static async load(): Promise<WasmKernels> {
    const api = (globalThis as unknown as { WebAssembly?: WasmApi }).WebAssembly;
    if (!api) throw new Error('this JavaScript engine has no WebAssembly');
    if (!api.validate(KERNELS_WASM)) throw new Error('this JavaScript engine cannot run the wasm kernels (128-bit SIMD is required)');
    const { instance } = await api.instantiate(KERNELS_WASM);
    return new WasmKernels(instance.exports as KernelExports);
  }

  /** A Float32Array view of the memory with room for `floats` values from BASE (valid until the next call). */
  scratch(floats: number): Float32Array {
    const need = BASE + floats * 4;
    const have = this.exports.memory.buffer.byteLength;
    if (need > have) this.exports.memory.grow(Math.ceil((need - have) / PAGE));
    if (this.f32.buffer !== this.exports.memory.buffer) this.f32 = new Float32Array(this.exports.memory.buffer);
    return this.f32;
  }

  /** Floats of scratch a product of these sizes needs: A, B, C, and B's packed panel. */
  static productFloats(m: number, k: number, n: number): number {
    return m * k + k * n + m * n + 8 * k;
  }

  /** C = A·B for matrices placed at float offsets ra, rb, rc of the scratch area; the panel goes after C. */
  product(ra: number, rb: number, rc: number, m: number, k: number, n: number): void {
    const addr = WasmKernels.addr;
    this.exports.matmul(addr(ra), addr(rb), addr(rc), m, k, n, addr(rc + m * n));
  }

  /** Byte address of float index i of the scratch area. */
  static addr(i: number): number {
    return BASE + i * 4;
  }

  static index(): number {
    return BASE / 4;
  }
}
