// `lmw pretrained add|list|show|remove|pull` and `lmw export onnx` as a user runs them, against a
// local node:http server that serves the hub's URL layout (<repo>/resolve/<revision>/<file>) from
// a folder the test writes, with Range requests; one download is cut mid-file and resumed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { tempDir } from './helpers.ts';
import { tinyGptFolder } from './fewshot-model.ts';
import { writeCheckpointFolder } from '../../server/storage/checkpoint-folder.ts';

interface Ran { status: number | null; stdout: string; stderr: string }

function lmw(args: string[], env: Record<string, string> = {}): Promise<Ran> {
  return new Promise((resolve) => {
    const child = spawn('node', ['bin/lmw.js', ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Serves `root/<repo>/<file>` as the hub's `/<repo>/resolve/main/<file>`; records Range headers; cuts one file once. */
function hub(root: string) {
  const ranges: string[] = [];
  const state = { cutOnce: '' };
  const server: Server = createServer((req, res) => {
    const m = /^\/(.+?)\/resolve\/main\/(.+)$/.exec(decodeURIComponent(req.url ?? ''));
    const file = m ? join(root, m[1]!, m[2]!) : '';
    if (!m || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end('Entry not found');
      return;
    }
    const bytes = readFileSync(file);
    const range = req.headers.range;
    if (range) ranges.push(`${m[2]} ${range}`);
    const from = range ? Number(/^bytes=(\d+)-$/.exec(range)![1]) : 0;
    res.writeHead(range ? 206 : 200, { 'content-length': String(bytes.length - from), ...(range ? { 'content-range': `bytes ${from}-${bytes.length - 1}/${bytes.length}` } : {}) });
    if (state.cutOnce === m[2]) {
      state.cutOnce = '';
      res.write(bytes.subarray(from, from + Math.floor(bytes.length / 2)), () => res.destroy());
      return;
    }
    res.end(bytes.subarray(from));
  });
  return { server, ranges, state };
}

const work = tempDir('lmw-pretrained-cli-');
const data = join(work, 'data');
const local = join(work, 'tiny-gpt');
const hubRoot = join(work, 'hub');
const h = hub(hubRoot);
let endpoint = '';

beforeAll(async () => {
  const files = await tinyGptFolder();
  writeCheckpointFolder(local, files);
  writeCheckpointFolder(join(hubRoot, 'someone', 'tiny-gpt'), files);
  await new Promise<void>((r) => h.server.listen(0, '127.0.0.1', () => r()));
  endpoint = `http://127.0.0.1:${(h.server.address() as AddressInfo).port}`;
});
afterAll(() => {
  h.server.close();
  rmSync(work, { recursive: true, force: true });
});

describe('lmw pretrained', () => {
  it('adds a local folder (copied into the data directory), lists, shows and removes it', async () => {
    const add = await lmw(['pretrained', 'add', local, '--name', 'tiny', '--data-dir', data]);
    expect(add.stderr).not.toMatch(/lmw:/);
    expect(add.stdout).toMatch(/added tiny  \(pt-[0-9a-f]{16}\)  gpt2 GPT2LMHeadModel: 2 layers × 2 heads × 16/);
    const id = /\((pt-[0-9a-f]{16})\)/.exec(add.stdout)![1]!;
    expect(readFileSync(join(data, 'pretrained', id, 'model.safetensors'))).toEqual(readFileSync(join(local, 'model.safetensors')));
    expect((await lmw(['pretrained', 'list', '--data-dir', data])).stdout).toContain(`tiny  (${id})`);
    const show = await lmw(['pretrained', 'show', 'tiny', '--data-dir', data]);
    expect(show.stdout).toMatch(/tokenizer\.json/);
    expect(show.stdout).toContain(`source: folder ${local}`);
    const again = await lmw(['pretrained', 'add', local, '--name', 'tiny', '--data-dir', data]);
    expect(again.status).not.toBe(0);
    expect(again.stderr).toMatch(/named "tiny" exists already/);
    const rm = await lmw(['pretrained', 'remove', 'tiny', '--data-dir', data]);
    expect(rm.stdout).toContain(`removed tiny (${id})`);
    expect(existsSync(join(data, 'pretrained', id))).toBe(false);
  }, 120_000);

  it('refuses a folder that is not a model by name', async () => {
    mkdirSync(join(work, 'empty'), { recursive: true });
    const r = await lmw(['pretrained', 'add', join(work, 'empty'), '--data-dir', data]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/not a model folder \(no config\.json\)/);
  }, 60_000);

  it('pulls from the hub layout, resumes a broken download with a Range request, and reuses a finished pull', async () => {
    const env = { HF_ENDPOINT: endpoint };
    h.state.cutOnce = 'model.safetensors';
    const broken = await lmw(['pretrained', 'pull', 'someone/tiny-gpt', '--data-dir', data], env);
    expect(broken.status).not.toBe(0);
    expect(broken.stderr).toMatch(/model\.safetensors: .*run the same pull again to resume/);
    const ok = await lmw(['pretrained', 'pull', 'someone/tiny-gpt', '--data-dir', data], env);
    expect(ok.stderr).toMatch(/pulled: someone\/tiny-gpt  \(pt-/);
    expect(h.ranges.some((r) => /^model\.safetensors bytes=[1-9]\d*-$/.test(r))).toBe(true);
    const id = /\((pt-[0-9a-f]{16})\)/.exec(ok.stderr)![1]!;
    for (const f of ['config.json', 'tokenizer.json', 'model.safetensors']) {
      expect(readFileSync(join(data, 'pretrained', id, f))).toEqual(readFileSync(join(hubRoot, 'someone', 'tiny-gpt', f)));
    }
    expect(readdirSync(join(data, 'pretrained', '.downloads'))).toEqual([]);
    const cached = await lmw(['pretrained', 'pull', 'someone/tiny-gpt', '--data-dir', data], env);
    expect(cached.stderr).toMatch(/already pulled: someone\/tiny-gpt/);
  }, 180_000);

  it('offline, says so and names add', async () => {
    const r = await lmw(['pretrained', 'pull', 'gpt2', '--data-dir', data], { HF_ENDPOINT: 'http://127.0.0.1:9' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/cannot reach http:\/\/127\.0\.0\.1:9 .*npx lmw pretrained add <folder>/);
  }, 60_000);

  it('lmw export onnx writes onnx/model.onnx for an added model, and sample takes its name', async () => {
    await lmw(['pretrained', 'add', local, '--name', 'tiny2', '--data-dir', data]);
    const out = join(work, 'tiny2-onnx');
    const r = await lmw(['export', 'onnx', '--model', 'tiny2', '--out', out, '--data-dir', data]);
    expect(r.stderr).toBe('');
    expect(statSync(join(out, 'onnx', 'model.onnx')).size).toBeGreaterThan(1000);
    expect(existsSync(join(out, 'tokenizer.json'))).toBe(true);
    const s = await lmw(['sample', '--model', 'tiny2', '--prompt', 'ab', '--max-new-tokens', '5', '--temperature', '0', '--data-dir', data]);
    expect(s.stderr).toBe('');
    expect(s.stdout.length).toBeGreaterThan(2);
  }, 180_000);
});
