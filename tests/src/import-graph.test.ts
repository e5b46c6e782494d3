// The house's dependency rules (../shared/DESIGN.md §1), checked on the import graph of every .ts
// and .svelte file: `from '…'`, `import '…'`, `import('…')` and `new URL('….ts', import.meta.url)`
// (worker modules), read as text — type-only imports count too. Leaves out what a bundler adds.
// The rules, each a test below:
// - web/ never imports server/, server/ never imports web/ (they talk over HTTP only);
// - src/ imports nothing outside src/, no Node built-in (node:* or a bare built-in name) and no
//   package but the pure ones in SRC_PACKAGES (no Svelte, Hono, DOM-only or Node-only package);
// - src/tensor imports no layer above it nor the tokenizers (UPPER: nn, optim, models, training,
//   pretrained, fewshot, contract, tokenizers); src/data's byte and string helpers it may use;
// - src/tokenizers never imports the tensor engine (src/tensor; tokenizers stand alone);
// - nothing outside src/tensor imports a backend's internals (src/tensor/backends/<x>/…): the
//   engine's public entries are the files directly in src/tensor/ — index.ts, cpu.ts, wasm.ts
//   (also the wasm backend's extension point for a model's own module), webgpu.ts, and tensor.ts,
//   backend.ts, registry.ts, ops/… — except for the engine's own tests (tests/src/tensor/), which
//   test those internals.
import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix } from 'node:path';

/**
 * Packages src/ may import: pure code that runs unchanged in browsers and Node — zod (the
 * contract's schemas), onnx-proto (ONNX's protobuf messages, for the export in src/pretrained).
 */
const SRC_PACKAGES = ['zod', 'onnx-proto'];
/** What src/tensor, the bottom layer, must not import. */
const UPPER = ['nn', 'optim', 'models', 'training', 'pretrained', 'fewshot', 'contract', 'tokenizers'].map((d) => `src/${d}`);
const ROOTS = ['src', 'server', 'web', 'tests', 'bench', 'scripts', 'corpora'];
const SKIP = new Set(['node_modules', 'dist', 'generated', '.svelte-kit']);

interface Edge {
  /** The importing file, relative to the repository root (posix separators). */
  from: string;
  /** A relative import resolved against it, or the bare specifier (package or built-in). */
  to: string;
}

const PATTERNS = [
  /\bfrom\s*['"]([^'"\n]+)['"]/g,
  /\bimport\s*['"]([^'"\n]+)['"]/g,
  /\bimport\s*\(\s*['"]([^'"\n]+)['"]\s*\)/g,
  /\bnew\s+URL\(\s*['"]([^'"\n]+\.(?:ts|js|mjs|svelte))['"]\s*,\s*import\.meta\.url/g,
];

/** The specifiers a source imports; comments (block, and line comments on their own line) are left out. */
function specifiers(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return PATTERNS.flatMap((re) => Array.from(code.matchAll(re), (m) => m[1]!));
}

function edgesOf(file: string, source: string): Edge[] {
  return specifiers(source).map((s) => ({ from: file, to: s.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), s)) : s }));
}

const isBuiltin = (to: string) => to.startsWith('node:') || builtinModules.includes(to.split('/')[0]!);
const isBare = (to: string) => !to.startsWith('.') && !ROOTS.some((r) => to === r || to.startsWith(`${r}/`)) && !to.startsWith('..');
const packageOf = (to: string) => (to.startsWith('@') ? to.split('/').slice(0, 2).join('/') : to.split('/')[0]!);
const under = (path: string, dir: string) => path === dir || path.startsWith(`${dir}/`);

interface Rule {
  name: string;
  broken(e: Edge): boolean;
}

const RULES: Rule[] = [
  { name: 'web imports server', broken: (e) => under(e.from, 'web') && under(e.to, 'server') },
  { name: 'server imports web', broken: (e) => under(e.from, 'server') && under(e.to, 'web') },
  { name: 'src imports outside src', broken: (e) => under(e.from, 'src') && !isBare(e.to) && !under(e.to, 'src') },
  { name: 'src imports a Node built-in', broken: (e) => under(e.from, 'src') && isBare(e.to) && isBuiltin(e.to) },
  {
    name: 'src imports a package that is not pure',
    broken: (e) => under(e.from, 'src') && isBare(e.to) && !isBuiltin(e.to) && !SRC_PACKAGES.includes(packageOf(e.to)),
  },
  { name: 'src/tensor imports a layer above it', broken: (e) => under(e.from, 'src/tensor') && UPPER.some((d) => under(e.to, d)) },
  { name: 'src/tokenizers imports the tensor engine', broken: (e) => under(e.from, 'src/tokenizers') && under(e.to, 'src/tensor') },
  {
    name: "a backend's internals imported outside src/tensor",
    broken: (e) => under(e.to, 'src/tensor/backends') && !under(e.from, 'src/tensor') && !under(e.from, 'tests/src/tensor'),
  },
];

function violations(edges: Edge[], rule: Rule): string[] {
  return edges.filter((e) => rule.broken(e)).map((e) => `${e.from} → ${e.to}`);
}

function sourceFiles(dir: string): string[] {
  let entries;
  try {
    entries = readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
  return entries.flatMap((d) => {
    const path = join(dir, d.name);
    if (d.isDirectory()) return SKIP.has(d.name) ? [] : sourceFiles(path);
    return /\.(ts|svelte)$/.test(d.name) && !d.name.endsWith('.d.ts') ? [path] : [];
  });
}

const files = ROOTS.flatMap((r) => sourceFiles(r));
const edges = files.flatMap((f) => edgesOf(f.split('\\').join('/'), readFileSync(f, 'utf8')));

describe('the import graph', () => {
  it('is read from every kind of import', () => {
    const src = [
      "import { a } from '../tensor/backends/wasm/wasm-module.ts';",
      "import type {\n  B,\n} from 'node:fs';",
      "export * from './x.ts';",
      "import './side.ts';",
      "const m = await import('../../server/app.ts');",
      "new Worker(new URL('./w.worker.ts', import.meta.url));",
      "const dist = new URL('../web/dist', import.meta.url);",
      '/* import { z } from "hidden"; */',
      "  // import { y } from 'also-hidden';",
    ].join('\n');
    expect(edgesOf('src/models/m.ts', src).map((e) => e.to)).toEqual([
      'src/tensor/backends/wasm/wasm-module.ts', 'node:fs', 'src/models/x.ts', 'src/models/side.ts', 'server/app.ts', 'src/models/w.worker.ts',
    ]);
  });

  it('flags each kind of broken edge and lets the allowed ones through', () => {
    const broken = (from: string, to: string) => RULES.filter((r) => r.broken({ from, to })).map((r) => r.name);
    expect(broken('web/src/lib/api.ts', 'server/app.ts')).toEqual(['web imports server']);
    expect(broken('server/app.ts', 'web/src/lib/api.ts')).toEqual(['server imports web']);
    expect(broken('src/models/gpt/gpt.ts', 'node:fs')).toEqual(['src imports a Node built-in']);
    expect(broken('src/models/gpt/gpt.ts', 'path')).toEqual(['src imports a Node built-in']);
    expect(broken('src/data/x.ts', 'svelte')).toEqual(['src imports a package that is not pure']);
    expect(broken('src/data/x.ts', 'zod')).toEqual([]);
    expect(broken('src/data/x.ts', 'server/errors.ts')).toEqual(['src imports outside src']);
    expect(broken('src/tensor/ops/x.ts', 'src/models/gpt/gpt.ts')).toEqual(['src/tensor imports a layer above it']);
    expect(broken('src/tensor/index.ts', 'src/nn/linear.ts')).toEqual(['src/tensor imports a layer above it']);
    expect(broken('src/tensor/safetensors.ts', 'src/data/utf8.ts')).toEqual([]);
    expect(broken('src/tokenizers/bpe/learn.ts', 'src/tensor/tensor.ts')).toEqual(['src/tokenizers imports the tensor engine']);
    expect(broken('src/models/word2vec/x.ts', 'src/tensor/backends/wasm/wasm-module.ts')).toEqual(["a backend's internals imported outside src/tensor"]);
    expect(broken('server/x.ts', 'src/tensor/backends/cpu/cpu-backend.ts')).toEqual(["a backend's internals imported outside src/tensor"]);
    expect(broken('src/models/word2vec/x.ts', 'src/tensor/wasm.ts')).toEqual([]);
    expect(broken('src/tensor/wasm.ts', 'src/tensor/backends/wasm/wasm-module.ts')).toEqual([]);
    expect(broken('tests/src/tensor/wasm-heap.test.ts', 'src/tensor/backends/wasm/wasm-heap.ts')).toEqual([]);
  });

  it('covers the tree', () => {
    for (const root of ['src', 'server', 'web', 'tests']) expect(files.some((f) => f.startsWith(`${root}/`) || f.startsWith(`${root}\\`))).toBe(true);
    expect(files.some((f) => f.endsWith('.svelte'))).toBe(true);
    expect(edges.length).toBeGreaterThan(files.length);
  });

  for (const rule of RULES) {
    it(`has no edge where ${rule.name}`, () => {
      expect(violations(edges, rule)).toEqual([]);
    });
  }
});
