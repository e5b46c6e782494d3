// Added pretrained models: a row per model in SQLite (name, family, config summary, parameters,
// files, source) and the folder's kept files COPIED under <data>/pretrained/<id>/ (the source
// folder may move or vanish later; hub downloads are moved in, not copied). Directory names are
// generated ids, never user input. Leaves out loading (the resolver and the compare worker do).
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Db } from '../../storage/db.ts';
import type { Workspace } from '../../workspace.ts';
import { newId } from '../../storage/blobs.ts';
import { UserError } from '../../errors.ts';
import { writeFileAtomic } from '../../storage/atomic.ts';
import { folderFromBytes, PretrainedError } from '../../../src/pretrained/index.ts';
import { PRETRAINED_FAMILIES, type PretrainedSummary } from '../../../src/contract/pretrained.ts';
import { nodeModelFolder } from '../models/node-folder.ts';
import { inspectFolder, keptFile, type FolderInfo } from './inspect.ts';

interface Row { id: string; name: string; family: string; config: string; parameters: number; files: string; has_onnx: number; source: string; created_at: string }

const summary = (r: Row): PretrainedSummary => ({
  id: r.id, name: r.name, family: r.family as (typeof PRETRAINED_FAMILIES)[number], config: JSON.parse(r.config) as PretrainedSummary['config'],
  parameters: r.parameters, files: JSON.parse(r.files) as PretrainedSummary['files'], hasOnnx: r.has_onnx === 1, source: r.source, createdAt: r.created_at,
});

const ID = /^pt-[0-9a-f]{16}$/;

/** Library errors about a folder become 400s that say which folder. */
async function checked(what: string, f: () => Promise<FolderInfo>): Promise<FolderInfo> {
  try {
    return await f();
  } catch (err) {
    if (err instanceof PretrainedError || err instanceof SyntaxError) throw new UserError(400, `${what}: ${err.message}`);
    throw err;
  }
}

export class PretrainedStore {
  constructor(private readonly db: Db, readonly root: string) {
    mkdirSync(root, { recursive: true });
  }

  dir(id: string): string {
    if (!ID.test(id)) throw new UserError(400, `"${id}" is not a pretrained model id`);
    return join(this.root, id);
  }

  list(): PretrainedSummary[] {
    return (this.db.prepare('SELECT * FROM pretrained_models ORDER BY created_at DESC').all() as Row[]).map(summary);
  }

  /** The model with this id or name, or null. */
  find(spec: string): PretrainedSummary | null {
    const row = this.db.prepare('SELECT * FROM pretrained_models WHERE id = ? OR name = ?').get(spec, spec) as Row | undefined;
    return row ? summary(row) : null;
  }

  get(spec: string): PretrainedSummary {
    const m = this.find(spec);
    if (!m) throw new UserError(404, `no pretrained model "${spec}" (lmw pretrained list shows them)`);
    return m;
  }

  /** The model pulled from this source before (`hub <repo>@<revision>`), if any. */
  bySource(source: string): PretrainedSummary | null {
    const row = this.db.prepare('SELECT * FROM pretrained_models WHERE source = ?').get(source) as Row | undefined;
    return row ? summary(row) : null;
  }

  private claimName(name: string): void {
    if (this.find(name)) throw new UserError(409, `a pretrained model named "${name}" exists already (remove it or pick another --name)`);
  }

  private insert(id: string, name: string, info: FolderInfo, source: string): PretrainedSummary {
    this.db.prepare('INSERT INTO pretrained_models (id, name, family, config, parameters, files, has_onnx, source) VALUES (?, ?, ?, ?, ?, ?, ?, ?)')
      .run(id, name, info.family, JSON.stringify(info.config), info.parameters, JSON.stringify(info.files), info.hasOnnx ? 1 : 0, source);
    return this.get(id);
  }

  /** Copies a folder on this machine (the CLI), or moves it in when `move` (a finished download). */
  async addFolder(folder: string, name: string, source: string, move = false): Promise<PretrainedSummary> {
    if (!existsSync(join(folder, 'config.json'))) throw new UserError(400, `${folder} is not a model folder (no config.json)`);
    this.claimName(name);
    const info = await checked(folder, () => inspectFolder(nodeModelFolder(folder)));
    const id = newId('pt');
    const target = this.dir(id);
    if (move) renameSync(folder, target);
    else {
      const tmp = join(this.root, `.tmp-${id}`);
      for (const f of info.files) cpSync(join(folder, f.name), join(tmp, f.name));
      renameSync(tmp, target);
    }
    return this.insert(id, name, info, source);
  }

  /** Files sent by a browser (names relative to the folder); only the kept names are written. */
  async addFiles(files: Record<string, Uint8Array>, name: string): Promise<PretrainedSummary> {
    const bad = Object.keys(files).find((n) => !keptFile(n));
    if (bad !== undefined) throw new UserError(400, `invalid field "files": "${bad}" is not a file of a model folder (config, tokenizer, safetensors, onnx/*.onnx)`);
    this.claimName(name);
    const info = await checked('the uploaded folder', () => inspectFolder(folderFromBytes(files)));
    const id = newId('pt');
    const tmp = join(this.root, `.tmp-${id}`);
    try {
      for (const [n, bytes] of Object.entries(files)) {
        mkdirSync(dirname(join(tmp, n)), { recursive: true });
        writeFileAtomic(join(tmp, n), bytes);
      }
      renameSync(tmp, this.dir(id));
    } catch (err) {
      rmSync(tmp, { recursive: true, force: true });
      throw err;
    }
    return this.insert(id, name, info, 'upload');
  }

  remove(spec: string): PretrainedSummary {
    const m = this.get(spec);
    this.db.prepare('DELETE FROM pretrained_models WHERE id = ?').run(m.id);
    rmSync(this.dir(m.id), { recursive: true, force: true });
    return m;
  }
}

/** The workspace's store: <data>/pretrained/ beside the database. */
export const pretrainedStore = (ws: Pick<Workspace, 'db' | 'dataDir'>) => new PretrainedStore(ws.db, join(ws.dataDir, 'pretrained'));
