// One seeded random number generator (mulberry32) for every initializer and for the dropout
// seeds, so the same seed gives the same weights on every backend: numbers are drawn here, on
// the CPU side, and only then uploaded. Normal samples by Box–Muller.

export class Rng {
  private state: number;
  private spare: number | undefined;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  normal(): number {
    if (this.spare !== undefined) {
      const s = this.spare;
      this.spare = undefined;
      return s;
    }
    const u = 1 - this.next();
    const v = this.next();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** State for checkpoints: resuming restores exactly the same stream. */
  get snapshot(): { state: number; spare: number | null } {
    return { state: this.state, spare: this.spare ?? null };
  }

  restore(s: { state: number; spare: number | null }): void {
    this.state = s.state >>> 0;
    this.spare = s.spare ?? undefined;
  }
}
