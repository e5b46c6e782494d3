// The wasm kernels' memory as a heap: blocks by size class (four per octave, so a training
// loop's repeating shapes reuse each other's blocks), a bump pointer past the last one, the
// memory grown a page range at a time. Blocks come back by `free`; nothing is returned to the
// engine (WebAssembly memory cannot shrink). Leaves out coalescing neighbouring free blocks.

export interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}

const PAGE = 65536;

/** The block size for `bytes`: at least 256, then 2^(i/4) rounded up to 64 bytes. */
export function sizeClass(bytes: number): number {
  if (bytes <= 256) return 256;
  const size = Math.ceil(2 ** (Math.ceil(Math.log2(bytes) * 4) / 4) / 64) * 64;
  return Math.max(size, Math.ceil(bytes / 64) * 64);
}

export class WasmHeap {
  private top: number;
  private readonly free = new Map<number, number[]>();

  constructor(
    private readonly memory: WasmMemory,
    base: number,
    private readonly limit: number,
  ) {
    this.top = base;
  }

  /** Byte address of a block of at least `bytes` (64-byte aligned), or -1 past the memory's limit. */
  alloc(bytes: number): number {
    const size = sizeClass(bytes);
    const reused = this.free.get(size)?.pop();
    if (reused !== undefined) return reused;
    if (this.top + size > this.limit) return -1;
    const addr = this.top;
    this.top += size;
    const have = this.memory.buffer.byteLength;
    if (this.top > have) {
      const need = Math.ceil((this.top - have) / PAGE);
      this.memory.grow(Math.min(Math.max(need, Math.ceil(have / PAGE / 8), 16), Math.floor((this.limit - have) / PAGE)));
    }
    return addr;
  }

  /** Gives back a block from `alloc(bytes)`. */
  release(addr: number, bytes: number): void {
    const size = sizeClass(bytes);
    const list = this.free.get(size);
    if (list) list.push(addr);
    else this.free.set(size, [addr]);
  }
}
