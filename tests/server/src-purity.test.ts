// src/ runs unchanged in the browser and in Node, so its typecheck must see neither the DOM nor
// Node. This proves the guard works: a probe importing node:fs, or touching `document`, fails it.
import { afterAll, describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve('.tmp', `purity-${process.pid}`);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function typecheck(source: string): { status: number | null; out: string } {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'probe.ts'), source);
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({ extends: '../../tsconfig.src.json', include: ['probe.ts'] }),
  );
  const r = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8' });
  return { status: r.status, out: r.stdout + r.stderr };
}

describe('src/ purity guard', () => {
  it('rejects a Node import', () => {
    const r = typecheck("import { readFileSync } from 'node:fs';\nexport const f = readFileSync;\n");
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/node:fs/);
  });

  it('rejects the DOM', () => {
    const r = typecheck('export const title = document.title;\n');
    expect(r.status).not.toBe(0);
    expect(r.out).toMatch(/Cannot find name 'document'/);
  });

  it('accepts pure code using WebGPU types', () => {
    const r = typecheck('export function usage(): number { return GPUBufferUsage.STORAGE; }\nexport type D = GPUDevice;\n');
    expect(r.out).toBe('');
    expect(r.status).toBe(0);
  });
});
