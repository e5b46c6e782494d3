import { describe, expect, it } from 'vitest';
import { readSafetensors, SafetensorsError, writeSafetensors, type NamedArray } from '../../../src/tensor/index.ts';

/** A file built by hand from a header (object, text or raw bytes) and data, padded with spaces as the spec says. */
const file = (h: object | string | Buffer, data: Uint8Array = new Uint8Array(0)): Uint8Array => {
  const raw = Buffer.isBuffer(h) ? h : Buffer.from(typeof h === 'string' ? h : JSON.stringify(h));
  const json = Buffer.concat([raw, Buffer.alloc((8 - (raw.length % 8)) % 8, 0x20)]);
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(json.length));
  return new Uint8Array(Buffer.concat([len, json, data]));
};
const bytesOf = (a: Float32Array | Int32Array) => Array.from(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
const f32 = (n: number) => new Uint8Array(n * 4);
const t = (dtype: string, shape: number[], data_offsets: number[]) => ({ dtype, shape, data_offsets });

describe('safetensors round trip', () => {
  it('round-trips several tensors (a scalar and a zero-size one too) and metadata', () => {
    const arrays: NamedArray[] = [
      { name: 'transformer.wte.weight', dtype: 'F32', shape: [2, 3], data: Float32Array.from([1, -2, 3.5, 0, 1e-8, -7]) },
      { name: 'ids', dtype: 'I32', shape: [4], data: Int32Array.from([0, -1, 2147483647, -2147483648]) },
      { name: 'scalar', dtype: 'F32', shape: [], data: Float32Array.from([42]) },
      { name: 'empty', dtype: 'F32', shape: [0, 3], data: new Float32Array(0) },
      { name: 'last', dtype: 'I32', shape: [1, 1], data: Int32Array.from([7]) },
    ];
    const back = readSafetensors(writeSafetensors(arrays, { format: 'pt', note: 'ünïcode ✓' }));
    expect(back.metadata).toEqual({ format: 'pt', note: 'ünïcode ✓' });
    expect(back.arrays).toEqual(arrays);
    expect(back.arrays[0]!.data).toBeInstanceOf(Float32Array);
    expect(back.arrays[1]!.data).toBeInstanceOf(Int32Array);
  });

  it('keeps every bit of NaN, -0 and infinities', () => {
    const data = Float32Array.from([NaN, -0, Infinity, -Infinity, 1.401298464324817e-45]);
    const [back] = readSafetensors(writeSafetensors([{ name: 'x', dtype: 'F32', shape: [5], data }])).arrays;
    expect(bytesOf(back!.data)).toEqual(bytesOf(data));
  });

  it('keeps names that are object keys or integers, in the given order, and non-ASCII names', () => {
    const names = ['10', '2', 'constructor', '__proto__', 'toString', 'wörter.ë'];
    const arrays: NamedArray[] = names.map((name, i) => ({ name, dtype: 'I32', shape: [1], data: Int32Array.from([i]) }));
    const back = readSafetensors(writeSafetensors(arrays));
    expect(back.arrays.map((a) => a.name)).toEqual(names);
    expect(back.arrays.map((a) => a.data[0])).toEqual([0, 1, 2, 3, 4, 5]);
    expect(back.metadata).toEqual({});
  });

  it('writes from a typed-array view that does not start at its buffer and reads from an unaligned offset', () => {
    const data = new Float32Array(Float32Array.from([9, 1, 2, 3]).buffer, 4, 3);
    const bytes = writeSafetensors([{ name: 'v', dtype: 'F32', shape: [3], data }]);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    const [back] = readSafetensors(shifted.subarray(1)).arrays;
    expect(Array.from(back!.data)).toEqual([1, 2, 3]);
  });
});

describe('safetensors layout', () => {
  it('writes exactly the bytes of the spec for one tensor', () => {
    const bytes = writeSafetensors([{ name: 'w', dtype: 'F32', shape: [2], data: Float32Array.from([1, -2.5]) }]);
    const json = '{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'; // 54 bytes, 2 spaces of padding
    expect(Array.from(bytes.subarray(0, 8))).toEqual([56, 0, 0, 0, 0, 0, 0, 0]);
    expect(Buffer.from(bytes.subarray(8, 64)).toString('latin1')).toBe(`${json}  `);
    expect(Array.from(bytes.subarray(64))).toEqual([0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x20, 0xc0]);
    expect(bytes.length).toBe(72);
  });

  it('puts the metadata first and pads a header that is already a multiple of 8 with nothing', () => {
    const bytes = writeSafetensors([], { a: 'bcdefgh' });
    expect(Array.from(bytes.subarray(0, 8))).toEqual([32, 0, 0, 0, 0, 0, 0, 0]);
    expect(Buffer.from(bytes.subarray(8)).toString('latin1')).toBe('{"__metadata__":{"a":"bcdefgh"}}');
  });

  it('reads a file laid out as the Python library writes it, returning tensors in data order', () => {
    const data = Buffer.alloc(16);
    data.writeInt32LE(-3, 0);
    data.writeInt32LE(4, 4);
    data.writeFloatLE(0.5, 8);
    data.writeFloatLE(-1, 12);
    const header = { __metadata__: { format: 'pt' }, 'h.0.w': t('F32', [2, 1], [8, 16]), 'h.0.ids': t('I32', [2], [0, 8]) };
    const { arrays, metadata } = readSafetensors(file(header, data));
    expect(metadata).toEqual({ format: 'pt' });
    expect(arrays).toEqual([
      { name: 'h.0.ids', dtype: 'I32', shape: [2], data: Int32Array.from([-3, 4]) },
      { name: 'h.0.w', dtype: 'F32', shape: [2, 1], data: Float32Array.from([0.5, -1]) },
    ]);
  });
});

describe('safetensors reader validation', () => {
  const withLength = (n: bigint, total: number) => {
    const b = new Uint8Array(total);
    new DataView(b.buffer).setBigUint64(0, n, true);
    return b;
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ['a file shorter than 8 bytes', new Uint8Array(5), /file is 5 bytes, too short/],
    ['a header length past the end', withLength(64n, 40), /header length 64 runs past the end of the 40-byte file \(truncated\?\)/],
    ['an absurd header length', withLength(2n ** 63n, 16), /header length 9223372036854775808 is over the limit of 100000000 bytes/],
    ['a header cut short', file('{"w":{"dtype":"F32"'), /truncated or malformed header: /],
    ['malformed JSON', file('{"w": nope}'), /truncated or malformed header: /],
    ['a header that is not an object', file('["w"]'), /truncated or malformed header: it does not start with "\{"/],
    ['a header that is not UTF-8', file(Buffer.from([0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d])), /invalid UTF-8 at header byte 2/],
    ['an entry that is not an object', file({ w: null }), /tensor "w" is null, not an object/],
    ['an unsupported dtype', file({ w: t('F16', [1], [0, 2]) }, new Uint8Array(2)), /tensor "w" has dtype "F16"; only F32 and I32 are supported/],
    ['another unsupported dtype', file({ 'h.1.b': t('BF16', [1], [0, 2]) }, new Uint8Array(2)), /tensor "h.1.b" has dtype "BF16"/],
    ['a missing dtype', file({ w: { shape: [1], data_offsets: [0, 4] } }, f32(1)), /tensor "w" has dtype undefined/],
    ['a negative dimension', file({ w: t('F32', [-1], [0, 4]) }, f32(1)), /tensor "w" has a bad shape \[-1\]/],
    ['a fractional dimension', file({ w: t('F32', [1.5], [0, 4]) }, f32(1)), /tensor "w" has a bad shape \[1.5\]/],
    ['negative offsets', file({ w: t('F32', [1], [-4, 0]) }), /tensor "w" has bad data_offsets \[-4,0\]/],
    ['offsets with begin after end', file({ w: t('F32', [0], [8, 4]) }, f32(2)), /tensor "w" has bad data_offsets \[8,4\]/],
    ['three offsets', file({ w: t('F32', [1], [0, 4, 8]) }, f32(2)), /tensor "w" has bad data_offsets \[0,4,8\]/],
    ['a byte span that does not fit the shape', file({ 'h.0.w': t('F32', [2, 4], [0, 24]) }, f32(6)), /tensor "h.0.w" has 24 bytes for shape \[2, 4\] of F32 \(expected 32\)/],
    ['a span past the data', file({ w: t('F32', [2], [0, 8]) }, f32(1)), /tensor "w" spans bytes 0…8, past the 4-byte data section/],
    ['overlapping spans', file({ a: t('F32', [2], [0, 8]), b: t('F32', [2], [4, 12]) }, f32(3)), /tensor "b" \(bytes 4…12\) overlaps tensor "a" \(bytes 0…8\)/],
    ['a zero-size tensor inside another', file({ a: t('F32', [2], [0, 8]), z: t('I32', [0], [4, 4]) }, f32(2)), /tensor "z" \(bytes 4…4\) overlaps tensor "a"/],
    ['a gap in the data', file({ a: t('F32', [1], [4, 8]) }, f32(2)), /bytes 0…4 of the data section belong to no tensor/],
    ['trailing bytes', file({ a: t('F32', [1], [0, 4]) }, f32(2)), /bytes 4…8 at the end of the data section belong to no tensor/],
    ['metadata with a number', file({ __metadata__: { n: 1 } }), /"__metadata__" must be an object of strings; "n" is 1/],
    ['metadata that is an array', file({ __metadata__: ['pt'] }), /"__metadata__" must be an object of strings, not \["pt"\]/],
  ];
  it.each(cases)('rejects %s', (_, bytes, message) => {
    expect(() => readSafetensors(bytes)).toThrow(SafetensorsError);
    expect(() => readSafetensors(bytes)).toThrow(message);
  });
});

describe('safetensors writer checks', () => {
  const one = (over: Partial<NamedArray>): NamedArray => ({ name: 'w', dtype: 'F32', shape: [2], data: new Float32Array(2), ...over });
  const cases: [string, NamedArray[], RegExp][] = [
    ['a shape that does not match the data', [one({ shape: [2, 3] })], /tensor "w" has 2 values for shape \[2, 3\] \(expected 6\)/],
    ['a repeated name', [one({}), one({})], /tensor name "w" appears twice/],
    ['the reserved name', [one({ name: '__metadata__' })], /"__metadata__" is reserved/],
    ['an unsupported dtype', [one({ dtype: 'F16' as 'F32' })], /tensor "w" has dtype "F16"; only F32 and I32 are supported/],
    ['data of the wrong type', [one({ dtype: 'I32' })], /tensor "w" is I32 but its data is a Float32Array/],
    ['a bad shape', [one({ shape: [-2] })], /tensor "w" has a bad shape \[-2\]/],
  ];
  it.each(cases)('rejects %s', (_, arrays, message) => {
    expect(() => writeSafetensors(arrays)).toThrow(SafetensorsError);
    expect(() => writeSafetensors(arrays)).toThrow(message);
  });

  it('rejects metadata that is not a string', () => {
    expect(() => writeSafetensors([], { n: 1 as unknown as string })).toThrow(/metadata "n" is a number, not a string/);
  });
});
