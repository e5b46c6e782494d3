// Test workspaces: a real SQLite file and blob folder in a fresh temp dir per call.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp } from '../../server/app.ts';
import { openWorkspace, type Workspace } from '../../server/workspace.ts';
import type { JobDefinition } from '../../server/jobs/definition.ts';

export interface TestServer {
  dir: string;
  workspace: Workspace;
  app: ReturnType<typeof createApp>;
  cleanup(): Promise<void>;
}

export function tempDir(prefix = 'lmw-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function testServer(maxUploadBytes = 50 * 1024 * 1024, extraJobKinds?: Record<string, JobDefinition>): TestServer {
  const dir = tempDir();
  const workspace = openWorkspace(dir, { maxUploadBytes, extraJobKinds });
  const app = createApp({ config: { host: '127.0.0.1', allowedHosts: [] }, workspace });
  return {
    dir,
    workspace,
    app,
    cleanup: async () => {
      await workspace.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A multipart upload request body with a file (as bytes) and optional fields. */
export function uploadForm(bytes: Uint8Array | string, fields: Record<string, string> = {}, fileName = 'corpus.txt'): FormData {
  const form = new FormData();
  form.append('file', new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], fileName, { type: 'text/plain' }));
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  return form;
}
