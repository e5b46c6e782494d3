import { describe, expect, it } from 'vitest';
import { firstInvalidUtf8, firstNul } from '../../../src/data/utf8.ts';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('UTF-8 validation', () => {
  it('accepts valid text of every sequence length', () => {
    expect(firstInvalidUtf8(new TextEncoder().encode('aé日😀\u{10FFFF}'))).toBe(-1);
    expect(firstInvalidUtf8(new Uint8Array(0))).toBe(-1);
  });

  it.each([
    ['a lone continuation byte', bytes(0x61, 0x80), 1],
    ['an overlong two-byte form', bytes(0xc0, 0xaf), 0],
    ['an overlong three-byte form', bytes(0x41, 0xe0, 0x80, 0xaf), 1],
    ['a UTF-16 surrogate', bytes(0xed, 0xa0, 0x80), 0],
    ['a code point past U+10FFFF', bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ['a truncated sequence at the end', bytes(0x61, 0x62, 0xe6, 0x97), 2],
    ['a Latin-1 byte', bytes(0x63, 0x61, 0x66, 0xe9, 0x20), 3],
    ['0xFF', bytes(0xff), 0],
  ])('finds %s', (_, input, offset) => {
    expect(firstInvalidUtf8(input)).toBe(offset);
  });

  it('agrees with TextDecoder on random bytes', () => {
    let seed = 12345;
    const rand = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
    const decoder = new TextDecoder('utf-8', { fatal: true });
    for (let t = 0; t < 2000; t++) {
      const input = new Uint8Array(1 + (t % 7)).map(() => rand());
      let valid = true;
      try {
        decoder.decode(input);
      } catch {
        valid = false;
      }
      expect(firstInvalidUtf8(input) === -1).toBe(valid);
    }
  });

  it('finds NUL bytes', () => {
    expect(firstNul(bytes(1, 2, 0, 3))).toBe(2);
    expect(firstNul(bytes(1, 2))).toBe(-1);
  });
});
