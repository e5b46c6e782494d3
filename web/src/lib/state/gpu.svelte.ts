// What WebGPU this browser offers: asks navigator.gpu for an adapter once and keeps the answer
// (a CPU adapter such as SwiftShader is named so: the backend rule trains on wasm there), plus
// the server's own backends from /api/health for comparison.
import { health, type HealthBackend } from '../api.ts';
import { adapterName, isCpuAdapter } from '../../../../src/contract/backend.ts';
import { adapterFacts, findAdapter } from '../backend/browser-backend.ts';

export type GpuState = 'checking' | 'ready' | 'unavailable';

class GpuStatus {
  state = $state<GpuState>('checking');
  label = $state('checking WebGPU…');
  detail = $state('');
  serverBackends = $state<HealthBackend[]>([]);

  async check(): Promise<void> {
    health().then((h) => (this.serverBackends = h.backends)).catch(() => undefined);
    if (!('gpu' in navigator) || !navigator.gpu) return this.fail('this browser has no navigator.gpu');
    const adapter = await findAdapter();
    if (!adapter) return this.fail('navigator.gpu gave no adapter');
    const facts = adapterFacts(adapter);
    const cpu = isCpuAdapter(facts);
    this.label = `WebGPU${cpu ? ' (CPU)' : ''}: ${[facts.vendor, facts.architecture].filter(Boolean).join(' ') || adapterName(facts)}`;
    this.detail = [facts.vendor, facts.architecture, facts.device, facts.description].filter(Boolean).join(' · ') + (cpu ? ' — runs on the CPU: training takes wasm unless webgpu is chosen' : '');
    this.state = 'ready';
  }

  private fail(reason: string): void {
    this.label = 'no WebGPU';
    this.detail = reason;
    this.state = 'unavailable';
  }
}

export const gpu = new GpuStatus();
