// Downloading a Hugging Face repository's model files with plain fetch from the hub's URL layout
// (<endpoint>/<repo>/resolve/<revision>/<file>; endpoint from HF_ENDPOINT, default
// https://huggingface.co): each file streamed into <file>.part and renamed when complete; a
// .part left by an interrupted pull is resumed with a Range request. The cache folder's name is
// a hash of repo@revision, never the user's text. Leaves out auth tokens and LFS pointers' checks.
import { createWriteStream, existsSync, mkdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createHash } from 'node:crypto';
import { UserError } from '../../errors.ts';

export const hubEndpoint = () => (process.env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, '');

/** Where repo@revision downloads to under `root` (a hash: no path from user input). */
export function hubCacheDir(root: string, repo: string, revision: string): string {
  return join(root, '.downloads', `hub-${createHash('sha256').update(`${repo}@${revision}`).digest('hex').slice(0, 16)}`);
}

export type OnBytes = (file: string, bytes: number, total: number | null) => void;

export class HubUnreachable extends UserError {
  constructor(endpoint: string, cause: unknown) {
    const why = cause instanceof Error ? ((cause.cause as Error | undefined)?.message ?? cause.message) : String(cause);
    super(422, `cannot reach ${endpoint} (${why}). Offline? Download the model folder on another machine and add it with: npx lmw pretrained add <folder> --name <name>`);
  }
}

async function request(url: string, headers: Record<string, string>): Promise<Response> {
  try {
    return await fetch(url, { headers, redirect: 'follow' });
  } catch (err) {
    throw new HubUnreachable(hubEndpoint(), err);
  }
}

/**
 * Fetches one file into dir/file; false when the hub has no such file (404). A complete file is
 * kept; a .part is continued from its size (206), restarted when the server ignores Range (200).
 */
export async function downloadFile(repo: string, revision: string, file: string, dir: string, onBytes: OnBytes): Promise<boolean> {
  const target = join(dir, file);
  if (existsSync(target)) return true;
  const part = `${target}.part`;
  mkdirSync(dirname(target), { recursive: true });
  const have = existsSync(part) ? statSync(part).size : 0;
  const url = `${hubEndpoint()}/${repo}/resolve/${encodeURIComponent(revision)}/${file}`;
  const res = await request(url, have > 0 ? { Range: `bytes=${have}-` } : {});
  if (res.status === 404) return false;
  if (res.status === 416 && have > 0) {
    renameSync(part, target);
    return true;
  }
  if (res.status === 401 || res.status === 403) throw new UserError(422, `${url}: ${res.status} — the repository is gated or private (log in on the hub, download it, then lmw pretrained add <folder>)`);
  if (res.status !== 200 && res.status !== 206) throw new UserError(422, `${url}: the hub answered ${res.status} ${res.statusText}`);
  const resumed = res.status === 206;
  const length = Number(res.headers.get('content-length'));
  const total = Number.isFinite(length) && length > 0 ? length + (resumed ? have : 0) : null;
  let bytes = resumed ? have : 0;
  const out = createWriteStream(part, { flags: resumed ? 'a' : 'w' });
  try {
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      if (!out.write(chunk)) await new Promise<void>((r) => out.once('drain', () => r()));
      bytes += chunk.length;
      onBytes(file, bytes, total);
    }
  } catch (err) {
    throw new UserError(422, `${file}: the download broke off after ${bytes} bytes (${err instanceof Error ? err.message : String(err)}); run the same pull again to resume`);
  } finally {
    await new Promise<void>((r, j) => out.end((e?: Error | null) => (e ? j(e) : r())));
  }
  if (total !== null && bytes !== total) throw new UserError(422, `${file}: got ${bytes} of ${total} bytes; run the same pull again to resume`);
  renameSync(part, target);
  return true;
}

export interface PullPlan {
  repo: string;
  revision: string;
  onnx: boolean;
}

/** Downloads the files a model folder needs into `dir`; the list of files fetched. */
export async function pullFiles(p: PullPlan, dir: string, onBytes: OnBytes): Promise<string[]> {
  const got: string[] = [];
  const get = async (file: string, required: boolean) => {
    const ok = await downloadFile(p.repo, p.revision, file, dir, onBytes);
    if (ok) got.push(file);
    else if (required) throw new UserError(404, `${p.repo}@${p.revision} has no ${file} on ${hubEndpoint()}`);
    return ok;
  };
  await get('config.json', true);
  await get('tokenizer.json', true);
  for (const f of ['tokenizer_config.json', 'generation_config.json', 'special_tokens_map.json']) await get(f, false);
  if (!(await get('model.safetensors', false))) {
    if (!(await get('model.safetensors.index.json', false))) {
      throw new UserError(404, `${p.repo}@${p.revision} has neither model.safetensors nor model.safetensors.index.json (a pytorch_model.bin-only repository: convert it, see lmw pretrained add)`);
    }
    const index = JSON.parse(readFileSync(join(dir, 'model.safetensors.index.json'), 'utf8')) as { weight_map?: Record<string, unknown> };
    const shards = [...new Set(Object.values(index.weight_map ?? {}))];
    for (const s of shards) {
      if (typeof s !== 'string' || !/^[\w-][\w.-]*\.safetensors$/.test(s)) throw new UserError(422, `model.safetensors.index.json names ${JSON.stringify(s)}, not a shard file name`);
      await get(s, true);
    }
  }
  if (p.onnx) await get('onnx/model.onnx', true);
  return got;
}
