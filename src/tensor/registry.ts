// Kernels by (op, backend). An op file looks its kernel up here; a backend registers what it
// implements. A missing kernel is a named error, never a silent fallback to another backend.

export class KernelNotFoundError extends Error {
  constructor(op: string, backend: string) {
    super(`no ${backend} kernel for "${op}"`);
    this.name = 'KernelNotFoundError';
  }
}

type AnyKernel = (...args: never[]) => unknown;
const kernels = new Map<string, AnyKernel>();

export function registerKernel<K extends AnyKernel>(op: string, backend: string, kernel: K): void {
  kernels.set(`${backend}/${op}`, kernel);
}

export function getKernel<K extends AnyKernel>(op: string, backend: string): K {
  const k = kernels.get(`${backend}/${op}`);
  if (!k) throw new KernelNotFoundError(op, backend);
  return k as K;
}

export function hasKernel(op: string, backend: string): boolean {
  return kernels.has(`${backend}/${op}`);
}
