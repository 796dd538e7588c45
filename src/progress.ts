import type { FileSummary } from './cube/cube.js';

/**
 * Progress on stderr while reading, for people at a terminal: bytes and lines read,
 * lines/s, and an ETA from the input sizes. Only when stderr is a TTY and not --quiet;
 * it redraws one line and erases it when done, so nothing of it stays in the output.
 */

const MiB = 1024 * 1024;

function bytesText(n: number): string {
  return n >= MiB ? `${(n / MiB).toFixed(1)} MiB` : `${Math.round(n / 1024)} KiB`;
}

function clock(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

export interface ProgressSnapshot {
  bytes: number;
  totalBytes: number;
  lines: number;
  elapsedMs: number;
}

/** the progress line for a snapshot (pure, so it is testable without a clock) */
export function progressLine(p: ProgressSnapshot): string {
  const secs = p.elapsedMs / 1000;
  const rate = secs > 0 ? p.lines / secs : 0;
  const parts = [`statuslint: ${bytesText(p.bytes)}${p.totalBytes > 0 ? ` / ${bytesText(p.totalBytes)} (${Math.min(100, Math.floor((100 * p.bytes) / p.totalBytes))}%)` : ''}`, `${p.lines.toLocaleString('en-US')} lines`, `${Math.round(rate).toLocaleString('en-US')} lines/s`];
  if (p.totalBytes > 0 && p.bytes > 0 && secs > 0.5) parts.push(`ETA ${clock(((p.totalBytes - p.bytes) * secs) / p.bytes)}`);
  return parts.join(' · ');
}

export class Progress {
  private bytes = 0;
  private readonly files: FileSummary[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly started = Date.now();
  private drawn = false;

  constructor(
    private readonly out: NodeJS.WriteStream,
    private readonly totalBytes: number,
  ) {
    this.timer = setInterval(() => this.render(), 250);
    this.timer.unref();
  }

  readonly onBytes = (n: number): void => {
    this.bytes += n;
  };

  readonly onInput = (s: FileSummary): void => {
    this.files.push(s);
    // drawn at once when reading starts, then every 250 ms
    if (this.files.length === 1) this.render();
  };

  /** redraws the progress line (the timer calls it every 250 ms) */
  render(): void {
    const lines = this.files.reduce((n, f) => n + f.lines, 0);
    const text = progressLine({ bytes: this.bytes, totalBytes: this.totalBytes, lines, elapsedMs: Date.now() - this.started });
    const width = this.out.columns > 0 ? this.out.columns - 1 : 100;
    this.out.write(`\r\x1b[K${text.slice(0, width)}`);
    this.drawn = true;
  }

  stop(): void {
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    if (this.drawn) this.out.write('\r\x1b[K');
  }
}
