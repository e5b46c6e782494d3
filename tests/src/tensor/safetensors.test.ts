import { describe, expect, it } from 'vitest';
import { readSafetensors, SafetensorsError, writeSafetensors, type NamedArray } from '../../../src/tensor/index.ts';

const header = (h: object, data = new Uint8Array(0)) => {
  let json = Buffer.from(JSON.stringify(h));
  const pad = (8 - (json.length % 8)) % 8;
  json = Buffer.concat([json, Buffer.alloc(pad, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return new Uint8Array(Buffer.concat([len, json, data]));
};

describe('safetensors', () => {
  it('round-trips tensors (a scalar and an empty one too) and metadata', () => {
    const arrays: NamedArray[] = [
      { name: 'transformer.wte.weight', dtype: 'F32', shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0, 1e-8, -7]) },
      { name: 'ids', dtype: 'I32', shape: [4], data: Int32Array.from([0, -1, 2147483647, 5]) },
      { name: 'scalar', dtype: 'F32', shape: [], data: Float32Array.from([42]) },
      { name: 'empty', dtype: 'F32', shape: [0, 3], data: new Float32Array(0) },
    ];
    const back = readSafetensors(writeSafetensors(arrays, { format: 'pt' }));
    expect(back.metadata).toEqual({ format: 'pt' });
    expect(back.arrays).toEqual(arrays);
  });

  it('writes the exact layout of the format', () => {
    const bytes = writeSafetensors([{ name: 'w', dtype: 'F32', shape: [2], data: Float32Array.from([1, 2]) }]);
    const n = Number(Buffer.from(bytes).readBigUInt64LE(0));
    expect(n % 8).toBe(0);
    const json = Buffer.from(bytes.subarray(8, 8 + n)).toString('utf8');
    expect(json.trimEnd()).toBe('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}');
    expect(Array.from(bytes.subarray(8 + n))).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0, 0x40]);
  });

  const f32 = (n: number) => new Uint8Array(n * 4);
  const cases: [string, Uint8Array, RegExp][] = [
    ['a file shorter than 8 bytes', new Uint8Array(5), /too short/],
    ['a header length past the end', (() => { const b = header({}); b[0] = 200; return b; })(), /runs past the end.*truncated/],
    ['an absurd header length', (() => { const b = new Uint8Array(16); new DataView(b.buffer).setBigUint64(0, 2n ** 40n, true); return b; })(), /over the limit/],
    ['malformed JSON', (() => { const b = header({ a: 1 }); b[9] = 0x7b; b[10] = 0x7b; return b; })(), /truncated or malformed header/],
    ['an unsupported dtype', header({ w: { dtype: 'F16', shape: [1], data_offsets: [0, 2] } }, new Uint8Array(2)), /"w" has dtype "F16"/],
    ['a byte span that does not fit the shape', header({ w: { dtype: 'F32', shape: [2, 4], data_offsets: [0, 24] } }, f32(6)), /"w" has 24 bytes for shape \[2, 4\] of F32 \(expected 32\)/],
    ['a span past the data', header({ w: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, f32(1)), /past the 4-byte data section/],
    ['overlapping spans', header({ a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] }, b: { dtype: 'F32', shape: [2], data_offsets: [4, 12] } }, f32(3)), /"b" overlaps/],
    ['a gap in the data', header({ a: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, f32(2)), /bytes 0…4 of the data section belong to no tensor/],
    ['trailing bytes', header({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, f32(2)), /bytes 4…8 at the end/],
    ['bad metadata', header({ __metadata__: { n: 1 } }), /__metadata__" must be an object of strings/],
    ['negative offsets', header({ a: { dtype: 'F32', shape: [1], data_offsets: [-4, 0] } }), /bad data_offsets/],
  ];
  it.each(cases)('rejects %s', (_, bytes, message) => {
    expect(() => readSafetensors(bytes)).toThrow(SafetensorsError);
    expect(() => readSafetensors(bytes)).toThrow(message);
  });
});
