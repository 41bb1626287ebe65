/** What a results file adds up to, and its terminal summary. */
import type { MachineLine, PointLine, ResultLine, SweepHeader } from './results.js';

/** Count of each value. */
export type Counts = Record<string, number>;

export interface CrashSummary {
  kind: 'crash';
  id: string;
  name: string;
  points: number;
  expected: number;
  outcomes: Counts;
  recoveryCuts: number;
  failures: number;
  /** Up to ten failing points with their first failure. */
  firstFailures: { point: number; change: string; failure: string }[];
}

export interface FleetSummary {
  kind: 'fleet';
  id: string;
  name: string;
  machines: number;
  expected: number;
  outcomes: Counts;
  /** Outcome counts per machine kind. */
  byKind: Record<string, Counts>;
  /** How many machines restarted n times. */
  restarts: Counts;
  renamesQueued: number;
  peakBytes: { min: number; median: number; max: number };
  failures: number;
  firstFailures: { index: number; kind: string; failure: string }[];
}

export type SweepSummary = CrashSummary | FleetSummary;

function count(values: string[]): Counts {
  const counts: Counts = {};
  for (const v of values) counts[v] = (counts[v] ?? 0) + 1;
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : 1)));
}

function summarizeCrash(header: SweepHeader, lines: PointLine[]): CrashSummary {
  const failing = lines.filter((l) => l.outcome === 'failed').sort((a, b) => a.point - b.point);
  return {
    kind: 'crash',
    id: header.id,
    name: header.name,
    points: lines.length,
    expected: header.units,
    outcomes: count(lines.map((l) => l.outcome)),
    recoveryCuts: lines.reduce((sum, l) => sum + l.recoveryCuts, 0),
    failures: failing.length,
    firstFailures: failing
      .slice(0, 10)
      .map((l) => ({ point: l.point, change: l.change, failure: l.failures[0] ?? 'failed' })),
  };
}

function summarizeFleet(header: SweepHeader, lines: MachineLine[]): FleetSummary {
  const byKind: Record<string, Counts> = {};
  for (const line of lines) {
    const counts = (byKind[line.kind] ??= {});
    counts[line.outcome] = (counts[line.outcome] ?? 0) + 1;
  }
  const peaks = lines.map((l) => l.peakBytes).sort((a, b) => a - b);
  const failing = lines.filter((l) => l.failures.length > 0).sort((a, b) => a.index - b.index);
  return {
    kind: 'fleet',
    id: header.id,
    name: header.name,
    machines: lines.length,
    expected: header.units,
    outcomes: count(lines.map((l) => l.outcome)),
    byKind,
    restarts: count(lines.map((l) => String(l.restarts))),
    renamesQueued: lines.reduce((sum, l) => sum + l.renamesQueued, 0),
    peakBytes: {
      min: peaks[0] ?? 0,
      median: peaks[Math.floor(peaks.length / 2)] ?? 0,
      max: peaks.at(-1) ?? 0,
    },
    failures: failing.length,
    firstFailures: failing
      .slice(0, 10)
      .map((l) => ({ index: l.index, kind: l.kind, failure: l.failures[0] })),
  };
}

/** Adds up a sweep's result lines. */
export function summarize(header: SweepHeader, lines: ResultLine[]): SweepSummary {
  return header.kind === 'crash'
    ? summarizeCrash(
        header,
        lines.filter((l): l is PointLine => l.type === 'point'),
      )
    : summarizeFleet(
        header,
        lines.filter((l): l is MachineLine => l.type === 'machine'),
      );
}

const list = (counts: Counts) =>
  Object.entries(counts)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ') || 'none';

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

/** A few lines for the terminal. */
export function summaryText(summary: SweepSummary): string {
  const lines: string[] = [];
  if (summary.kind === 'crash') {
    lines.push(`crash sweep ${summary.name} (${summary.id})`);
    lines.push(`  cut points: ${summary.points} of ${summary.expected}; outcomes: ${list(summary.outcomes)}`);
    lines.push(`  cuts inside recovery: ${summary.recoveryCuts}; failures: ${summary.failures}`);
    for (const f of summary.firstFailures) lines.push(`  FAILED at ${f.point} (${f.change}): ${f.failure}`);
  } else {
    lines.push(`fleet sweep ${summary.name} (${summary.id})`);
    lines.push(`  machines: ${summary.machines} of ${summary.expected}; outcomes: ${list(summary.outcomes)}`);
    for (const [kind, counts] of Object.entries(summary.byKind)) lines.push(`    ${kind}: ${list(counts)}`);
    lines.push(
      `  restarts (count: machines): ${list(summary.restarts)}; renames queued: ${summary.renamesQueued}`,
    );
    const p = summary.peakBytes;
    lines.push(
      `  peak space: min ${mib(p.min)}, median ${mib(p.median)}, max ${mib(p.max)}; failures: ${summary.failures}`,
    );
    for (const f of summary.firstFailures)
      lines.push(`  FAILED machine ${f.index} (${f.kind}): ${f.failure}`);
  }
  return lines.join('\n');
}
