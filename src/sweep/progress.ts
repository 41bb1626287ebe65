/** Progress of a sweep: done, failing and remaining units, the rate and the time left. */

export interface SweepProgress {
  /** Cut points or machines recorded (this run and before it). */
  done: number;
  failing: number;
  remaining: number;
  total: number;
  /** Units per second in this run. */
  rate: number;
  /** Seconds left at that rate (undefined until the first unit of this run). */
  etaSeconds: number | undefined;
}

export class ProgressCounter {
  private readonly started = performance.now();
  private doneHere = 0;
  done: number;
  failing = 0;

  constructor(
    readonly total: number,
    already: number,
    alreadyFailing: number,
  ) {
    this.done = already;
    this.failing = alreadyFailing;
  }

  add(units: number, failing: number): SweepProgress {
    this.done += units;
    this.doneHere += units;
    this.failing += failing;
    return this.snapshot();
  }

  snapshot(): SweepProgress {
    const seconds = (performance.now() - this.started) / 1000;
    const rate = seconds > 0 ? this.doneHere / seconds : 0;
    const remaining = this.total - this.done;
    return {
      done: this.done,
      failing: this.failing,
      remaining,
      total: this.total,
      rate,
      etaSeconds: rate > 0 ? remaining / rate : undefined,
    };
  }
}

/** `1200/3554 done, 0 failing, 2354 left, 8.1/s, ETA 4m 51s` */
export function progressText(p: SweepProgress): string {
  const eta =
    p.etaSeconds === undefined ? '?' : `${Math.floor(p.etaSeconds / 60)}m ${Math.round(p.etaSeconds % 60)}s`;
  return `${p.done}/${p.total} done, ${p.failing} failing, ${p.remaining} left, ${p.rate.toFixed(1)}/s, ETA ${eta}`;
}
