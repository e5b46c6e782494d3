// Gather rows: the embedding lookup table[ids] — (V, C) and ids (…) → (…, C). Its gradient is
// a scatter-add of the incoming rows into a (V, C) zero table (rows hit twice add up).
import type { Tensor } from '../tensor.ts';
import { getKernel } from '../registry.ts';
import type { Storage } from '../backend.ts';
import { checkSameBackend, constant, fmt, output } from './op.ts';

export type GatherKernel = (table: Storage, ids: Storage, rows: number, cols: number) => Storage;
export type ScatterAddKernel = (grad: Storage, ids: Storage, rows: number, cols: number) => Storage;

export function gatherRows(table: Tensor, ids: Tensor): Tensor {
  checkSameBackend('gatherRows', table, ids);
  if (table.rank !== 2) throw new Error(`gatherRows: the table must be (V, C), got ${fmt(table.shape)}`);
  if (ids.dtype !== 'int32') throw new Error(`gatherRows: ids must be int32, got ${ids.dtype}`);
  if (table.dtype !== 'float32') throw new Error(`gatherRows: the table must be float32, got ${table.dtype}`);
  const [rows, cols] = table.shape as [number, number];
  const name = table.backend.name;
  const storage = getKernel<GatherKernel>('gather', name)(table.storage, ids.storage, rows, cols);
  return output('gatherRows', [...ids.shape, cols], 'float32', storage, [table, ids], (g) => [
    constant(table.shape, 'float32', getKernel<ScatterAddKernel>('scatterAdd', name)(g.storage, ids.storage, rows, cols)),
    null,
  ]);
}
