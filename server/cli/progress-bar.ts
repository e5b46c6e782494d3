// A one-line progress bar for the CLI on stderr: redrawn in place on a terminal, printed every
// 10% otherwise (logs, CI), so long work always shows that it moves.

export class ProgressBar {
  private lastDecile = -1;
  private readonly tty: boolean;

  constructor(
    private readonly label: string,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = Boolean(stream.isTTY);
  }

  update(fraction: number, detail = ''): void {
    const f = Math.min(1, Math.max(0, fraction));
    const width = 30;
    const filled = Math.round(f * width);
    const line = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(f * 100).toFixed(0).padStart(3)}% ${detail}`;
    if (this.tty) {
      this.stream.write(`\r${line.slice(0, (this.stream.columns ?? 120) - 1)}\x1b[K`);
    } else {
      const decile = Math.floor(f * 10);
      if (decile > this.lastDecile) {
        this.lastDecile = decile;
        this.stream.write(`${line}\n`);
      }
    }
  }

  done(message: string): void {
    if (this.tty) this.stream.write('\r\x1b[K');
    this.stream.write(`${message}\n`);
  }
}
