// Run in a child process by probe.ts: asks Dawn for an adapter and prints what it found as one
// JSON line. A separate process because the Vulkan loader reads VK_ICD_FILENAMES only once, and
// so that a driver crash cannot take the server down.
import { create, globals } from 'webgpu';

Object.assign(globalThis, globals);
const gpu = create([]);
const adapter = await gpu.requestAdapter();
if (!adapter) {
  process.stdout.write(JSON.stringify({ available: false }) + '\n');
} else {
  const { vendor, architecture, device, description } = adapter.info;
  process.stdout.write(JSON.stringify({ available: true, adapter: { vendor, architecture, device, description } }) + '\n');
}
process.exit(0);
