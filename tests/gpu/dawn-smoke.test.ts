// WebGPU in Node on Dawn: runs a compute shader and reads the result back. Where no GPU exists,
// SwiftShader (from Debian's chromium) provides the adapter, so this runs on every machine
// the test script prepares.
import { afterAll, describe, expect, it } from 'vitest';
import { createDawnDevice, type DawnDevice } from '../../server/gpu/dawn.ts';

let dawn: DawnDevice | undefined;
afterAll(() => dawn?.device.destroy());

const SHADER = /* wgsl */ `
@group(0) @binding(0) var<storage, read> a: array<f32>;
@group(0) @binding(1) var<storage, read> b: array<f32>;
@group(0) @binding(2) var<storage, read_write> out: array<f32>;
@compute @workgroup_size(64)
fn main(@builtin(global_invocation_id) id: vec3u) {
  if (id.x < arrayLength(&out)) { out[id.x] = a[id.x] * b[id.x] + 1.0; }
}`;

describe('WebGPU on Dawn', () => {
  it('finds an adapter and runs a compute shader', async () => {
    dawn = await createDawnDevice();
    const { device } = dawn;
    const n = 1000;
    const a = Float32Array.from({ length: n }, (_, i) => i * 0.5);
    const b = Float32Array.from({ length: n }, (_, i) => 3 - i * 0.25);
    const usage = GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_DST | GPUBufferUsage.COPY_SRC;
    const bufA = device.createBuffer({ size: a.byteLength, usage });
    const bufB = device.createBuffer({ size: b.byteLength, usage });
    const bufOut = device.createBuffer({ size: a.byteLength, usage });
    const readback = device.createBuffer({ size: a.byteLength, usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST });
    device.queue.writeBuffer(bufA, 0, a);
    device.queue.writeBuffer(bufB, 0, b);
    const pipeline = device.createComputePipeline({
      layout: 'auto',
      compute: { module: device.createShaderModule({ code: SHADER }), entryPoint: 'main' },
    });
    const bind = device.createBindGroup({
      layout: pipeline.getBindGroupLayout(0),
      entries: [bufA, bufB, bufOut].map((buffer, binding) => ({ binding, resource: { buffer } })),
    });
    const enc = device.createCommandEncoder();
    const pass = enc.beginComputePass();
    pass.setPipeline(pipeline);
    pass.setBindGroup(0, bind);
    pass.dispatchWorkgroups(Math.ceil(n / 64));
    pass.end();
    enc.copyBufferToBuffer(bufOut, 0, readback, 0, a.byteLength);
    device.queue.submit([enc.finish()]);
    await readback.mapAsync(GPUMapMode.READ);
    const got = new Float32Array(readback.getMappedRange().slice(0));
    readback.unmap();
    for (let i = 0; i < n; i++) expect(got[i]).toBe(Math.fround(Math.fround(a[i]! * b[i]!) + 1));
    expect(dawn.probe.available).toBe(true);
  });
});
