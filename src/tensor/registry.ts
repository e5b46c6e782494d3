// Kernels by (op, backend). An op file looks its kernel up here; a backend registers what it
// implements. A missing kernel is a named error, never a silent fallback to another backend.
// Leaves out: kernel selection by shape or dtype (a kernel handles every shape its op allows).

export class KernelNotFoundError extends Error {
  constructor(op: string, backend: string) {
    super(`no ${backend} kernel for "${op}"`);
    this.name = 'KernelNotFoundError';
  }
}

type AnyKernel = (...args: never[]) => unknown;
const kernels = new Map<string, Map<string, AnyKernel>>();

export function registerKernel<K extends AnyKernel>(op: string, backend: string, kernel: K): void {
  let table = kernels.get(backend);
  if (!table) kernels.set(backend, (table = new Map()));
  table.set(op, kernel);
}

export function getKernel<K extends AnyKernel>(op: string, backend: string): K {
  const k = kernels.get(backend)?.get(op);
  if (!k) throw new KernelNotFoundError(op, backend);
  return k as K;
}

/** Whether the backend registered a kernel for op (for ops that fuse on some backends and compose on others). */
export function hasKernel(op: string, backend: string): boolean {
  return kernels.get(backend)?.has(op) ?? false;
}

/** The kernels a backend has registered, sorted (a new backend compares its list with 'cpu'). */
export function kernelNames(backend: string): string[] {
  return [...(kernels.get(backend)?.keys() ?? [])].sort();
}
