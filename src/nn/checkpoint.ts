// A module's state dict as safetensors bytes and back: names as the module gives them (dotted,
// PyTorch style), float32 values read from whatever backend holds them. Loading checks every
// name and shape before it writes anything into the model.
import { readSafetensors, writeSafetensors } from '../tensor/safetensors.ts';
import type { Module } from './module.ts';

export async function saveStateDict(module: Module, metadata: Record<string, string> = {}): Promise<Uint8Array> {
  const arrays = await Promise.all(
    module.namedParameters().map(async ([name, t]) => ({ name, dtype: 'F32' as const, shape: [...t.shape], data: (await t.data()) as Float32Array })),
  );
  return writeSafetensors(arrays, metadata);
}

export async function loadStateDict(module: Module, bytes: Uint8Array): Promise<Record<string, string>> {
  const { arrays, metadata } = readSafetensors(bytes);
  const byName = new Map(arrays.map((a) => [a.name, a]));
  for (const a of arrays) {
    if (a.dtype !== 'F32') throw new Error(`state dict "${a.name}" is ${a.dtype}; parameters are F32`);
  }
  const names = new Set(module.namedParameters().map(([n]) => n));
  const extra = arrays.map((a) => a.name).filter((n) => !names.has(n));
  if (extra.length) throw new Error(`state dict has tensors the model does not: ${extra.slice(0, 5).join(', ')}`);
  await module.loadStateDict(new Map([...byName].map(([n, a]) => [n, { shape: a.shape, data: a.data as Float32Array }])));
  return metadata;
}
