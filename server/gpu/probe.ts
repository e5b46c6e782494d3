// Which WebGPU adapter Dawn (the `webgpu` package) finds on this machine. Tries the system's
// Vulkan drivers first; when there is none, SwiftShader's ICD from Debian's chromium package,
// the CPU Vulkan driver that makes WebGPU work (slowly) on a machine without a GPU.
// The answer is cached for the life of the process.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const SWIFTSHADER_ICD = '/usr/lib/chromium/vk_swiftshader_icd.json';

export interface AdapterInfo {
  vendor: string;
  architecture: string;
  device: string;
  description: string;
}

export interface WebGpuProbe {
  available: boolean;
  adapter?: AdapterInfo;
  /** 'system' drivers, or 'swiftshader' (CPU Vulkan, for correctness, not speed). */
  driver?: 'system' | 'swiftshader';
  /** VK_ICD_FILENAMES that made the adapter appear, if one had to be set. */
  icd?: string;
  error?: string;
}

const CHILD = fileURLToPath(new URL('./probe-child.ts', import.meta.url));

function runChild(env: NodeJS.ProcessEnv): Promise<WebGpuProbe> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', CHILD],
      { env, timeout: 30_000, cwd: fileURLToPath(new URL('../..', import.meta.url)) },
      (err, stdout) => {
        const line = stdout.trim().split('\n').pop() ?? '';
        try {
          resolve(JSON.parse(line) as WebGpuProbe);
        } catch {
          resolve({ available: false, error: err ? err.message.split('\n')[0] : 'no answer from the WebGPU probe' });
        }
      },
    );
  });
}

async function probe(): Promise<WebGpuProbe> {
  const first = await runChild(process.env);
  if (first.available) {
    const icd = process.env.VK_ICD_FILENAMES;
    const soft = icd?.includes('swiftshader') || /swiftshader/i.test(first.adapter?.description ?? '');
    return { ...first, driver: soft ? 'swiftshader' : 'system', ...(icd ? { icd } : {}) };
  }
  if (!process.env.VK_ICD_FILENAMES && existsSync(SWIFTSHADER_ICD)) {
    const soft = await runChild({ ...process.env, VK_ICD_FILENAMES: SWIFTSHADER_ICD });
    if (soft.available) return { ...soft, driver: 'swiftshader', icd: SWIFTSHADER_ICD };
  }
  return first;
}

let cached: Promise<WebGpuProbe> | undefined;

export function probeWebGpu(): Promise<WebGpuProbe> {
  cached ??= probe();
  return cached;
}
