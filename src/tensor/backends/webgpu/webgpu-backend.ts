// The WebGPU backend: storage in GPU buffers taken from a pool (by power-of-two size class),
// compute pipelines cached by shader text, and every dispatch of a step recorded into one command
// encoder that is submitted on flush() — before a read, or a write that must follow earlier work.
// A lost device makes every later call throw. The device is handed in by the caller.
import type { Backend, DType, Storage, TypedArray } from '../../backend.ts';
import { arrayFor } from '../../backend.ts';

export class GpuStorage implements Storage {
  constructor(
    readonly backend: WebGpuBackend,
    readonly buffer: GPUBuffer,
    readonly length: number,
    readonly dtype: DType,
  ) {}
}

const sizeClass = (bytes: number) => Math.max(16, 2 ** Math.ceil(Math.log2(Math.max(bytes, 1))));
const WORKGROUP = 64;

export class WebGpuBackend implements Backend {
  readonly name = 'webgpu';
  private readonly pool = new Map<number, GPUBuffer[]>();
  private readonly pipelines = new Map<string, GPUComputePipeline>();
  private encoder: GPUCommandEncoder | null = null;
  private transient: GPUBuffer[] = [];
  private count = 0;
  private lostReason: string | null = null;

  constructor(readonly device: GPUDevice) {
    void device.lost.then((info) => (this.lostReason = info.message || info.reason || 'unknown reason'));
  }

  private check(): void {
    if (this.lostReason !== null) throw new Error(`the WebGPU device was lost (${this.lostReason}); reload to get a new one`);
  }

  alloc(length: number, dtype: DType): GpuStorage {
    this.check();
    const size = sizeClass(length * 4);
    const buffer =
      this.pool.get(size)?.pop() ??
      this.device.createBuffer({ size, usage: GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST });
    this.count++;
    return new GpuStorage(this, buffer, length, dtype);
  }

  write(storage: Storage, data: TypedArray): void {
    this.check();
    this.flush();
    const s = storage as GpuStorage;
    this.device.queue.writeBuffer(s.buffer, 0, data.buffer, data.byteOffset, data.byteLength);
  }

  async read(storage: Storage): Promise<TypedArray> {
    this.check();
    const s = storage as GpuStorage;
    const bytes = Math.max(4, s.length * 4);
    const staging = this.device.createBuffer({ size: bytes, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    this.commands().copyBufferToBuffer(s.buffer, 0, staging, 0, bytes);
    this.flush();
    await staging.mapAsync(GPUMapMode.READ);
    const out = arrayFor(s.dtype, s.length);
    out.set(s.dtype === 'float32' ? new Float32Array(staging.getMappedRange(), 0, s.length) : new Int32Array(staging.getMappedRange(), 0, s.length));
    staging.unmap();
    staging.destroy();
    return out;
  }

  /** Back to the pool: later dispatches run after earlier ones on the queue, so reuse is safe. */
  dispose(storage: Storage): void {
    const s = storage as GpuStorage;
    const list = this.pool.get(s.buffer.size) ?? [];
    list.push(s.buffer);
    this.pool.set(s.buffer.size, list);
    this.count--;
  }

  get live(): number {
    return this.count;
  }

  flush(): void {
    if (!this.encoder) return;
    this.device.queue.submit([this.encoder.finish()]);
    this.encoder = null;
    for (const b of this.transient) b.destroy();
    this.transient = [];
  }

  private commands(): GPUCommandEncoder {
    this.encoder ??= this.device.createCommandEncoder();
    return this.encoder;
  }

  /** Records a buffer-to-buffer copy (sizes in bytes, a multiple of 4). */
  copy(from: GPUBuffer, to: GPUBuffer, bytes: number): void {
    this.check();
    if (bytes > 0) this.commands().copyBufferToBuffer(from, 0, to, 0, bytes);
  }

  /** A read-only storage buffer of u32 parameters for one dispatch, freed after the next flush. */
  params(words: ArrayLike<number>): GPUBuffer {
    const size = Math.max(16, Math.ceil((words.length * 4) / 16) * 16);
    const buffer = this.device.createBuffer({ size, usage: GPUBufferUsage.STORAGE, mappedAtCreation: true });
    new Uint32Array(buffer.getMappedRange()).set(words);
    buffer.unmap();
    this.transient.push(buffer);
    return buffer;
  }

  /** Records one dispatch of `code` with its buffers bound at 0, 1, 2, … in order. */
  run(code: string, buffers: GPUBuffer[], workgroups: [number, number?, number?]): void {
    this.check();
    let pipeline = this.pipelines.get(code);
    if (!pipeline) {
      pipeline = this.device.createComputePipeline({ layout: 'auto', compute: { module: this.device.createShaderModule({ code }), entryPoint: 'main' } });
      this.pipelines.set(code, pipeline);
    }
    const bind = this.device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: buffers.map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const pass = this.commands().beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(workgroups[0], workgroups[1] ?? 1, workgroups[2] ?? 1);
    pass.end();
  }

  /** Workgroups for one thread per element, 2-D when past the 65,535 limit of one dimension. */
  grid(elements: number): [number, number] {
    const groups = Math.max(1, Math.ceil(elements / WORKGROUP));
    return groups <= 65535 ? [groups, 1] : [65535, Math.ceil(groups / 65535)];
  }
}

export const WORKGROUP_SIZE = WORKGROUP;
export const gpuBuffer = (s: Storage) => (s as GpuStorage).buffer;
