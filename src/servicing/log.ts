/** Svcpack.log and Spuninst.log: one line per step, `<seconds since start, 3 decimals>: <message>`. */
import type { ImageCore } from '../image/index.js';

/** Formats one log line as update.exe writes it (`0.016: DoInstallation:...`). */
export function formatLogLine(elapsedMs: number, message: string): string {
  return `${(Math.max(0, elapsedMs) / 1000).toFixed(3)}: ${message}`;
}

/** Parses a log back into its lines (seconds and message); throws nothing, skips lines that do not fit. */
export function parseLog(text: string): Array<{ seconds: number; message: string }> {
  const lines: Array<{ seconds: number; message: string }> = [];
  for (const line of text.split(/\r?\n/)) {
    const match = /^(\d+\.\d{3}): (.*)$/.exec(line);
    if (match) lines.push({ seconds: Number(match[1]), message: match[2] });
  }
  return lines;
}

/** Collects the lines of one install or removal, timed by the image's clock. */
export class ServicingLog {
  readonly lines: string[] = [];
  private readonly start: number;

  constructor(private readonly image: ImageCore) {
    this.start = image.clock;
  }

  /** Adds a line stamped with the time since the start. */
  add(message: string): void {
    this.lines.push(formatLogLine(this.image.clock - this.start, message));
  }

  /** The log file's bytes (CRLF line ends, as Windows writes text). */
  bytes(): Uint8Array {
    return Buffer.from(this.lines.map((line) => `${line}\r\n`).join(''), 'latin1');
  }
}
