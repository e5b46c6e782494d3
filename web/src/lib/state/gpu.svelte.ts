// What WebGPU this browser offers: asks navigator.gpu for an adapter once and keeps the answer,
// plus the server's own backends from /api/health for comparison.
import { health, type Backend } from '../api.ts';

export type GpuState = 'checking' | 'ready' | 'unavailable';

class GpuStatus {
  state = $state<GpuState>('checking');
  label = $state('checking WebGPU…');
  detail = $state('');
  serverBackends = $state<Backend[]>([]);

  async check(): Promise<void> {
    health().then((h) => (this.serverBackends = h.backends)).catch(() => undefined);
    if (!('gpu' in navigator) || !navigator.gpu) return this.fail('this browser has no navigator.gpu');
    try {
      const adapter = await navigator.gpu.requestAdapter();
      if (!adapter) return this.fail('navigator.gpu gave no adapter');
      const { vendor, architecture, description, device } = adapter.info;
      const name = [vendor, architecture].filter(Boolean).join(' ') || description || 'adapter';
      this.label = `WebGPU: ${name}`;
      this.detail = [vendor, architecture, device, description].filter(Boolean).join(' · ');
      this.state = 'ready';
    } catch (err) {
      this.fail(err instanceof Error ? err.message : String(err));
    }
  }

  private fail(reason: string): void {
    this.label = 'no WebGPU';
    this.detail = reason;
    this.state = 'unavailable';
  }
}

export const gpu = new GpuStatus();
