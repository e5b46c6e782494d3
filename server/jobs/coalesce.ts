// Progress coalescing: a job may report hundreds of times a second (a small GPT's steps); the
// reports are gathered and handed on at most once per interval, in order, so SQLite writes them
// in one transaction and SSE clients get ~10 events a second. Leaves out dropping reports: every
// one is handed on (the metric series needs each step).

export class Coalescer<T> {
  private pending: T[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;
  private last = 0;

  constructor(
    private readonly flushTo: (batch: T[]) => void,
    private readonly intervalMs = 100,
  ) {}

  push(item: T): void {
    this.pending.push(item);
    if (this.timer) return;
    const wait = this.last + this.intervalMs - Date.now();
    if (wait <= 0) this.flush();
    else this.timer = setTimeout(() => this.flush(), wait);
  }

  /** Hands on what is pending now (before the job's end is recorded). */
  flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.last = Date.now();
    if (this.pending.length === 0) return;
    const batch = this.pending;
    this.pending = [];
    this.flushTo(batch);
  }

  /** Drops what is pending and the timer (the job is gone). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.pending = [];
  }
}
