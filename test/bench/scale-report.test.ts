import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeScaleResults } from '../../bench/scale-report.js';
import { scaleTable, type ScaleRow } from '../../bench/scale.js';

const row = (files: number, operation: string, ms: number, userMs = ms / 2): ScaleRow => ({
  files,
  operation,
  ms,
  userMs,
  systemMs: ms / 4,
  peakBytes: 300 * 2 ** 20,
  startBytes: 100 * 2 ** 20,
});

describe('svcpack bench --files: the results file', () => {
  it('keeps only the latest results: a second run replaces the first, the other suites stay', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'svcpack-results-')), 'RESULTS.md');
    writeFileSync(file, '# Benchmark results\n\nintro\n\n## Latest: the queue\n\nqueue rows\n');
    writeScaleResults(file, ['first run']);
    writeScaleResults(file, ['second run']);
    const text = readFileSync(file, 'utf8');
    expect(text).toContain('second run');
    expect(text).not.toContain('first run');
    expect(text.indexOf('second run')).toBeLessThan(text.indexOf('## Latest: the queue'));
    expect(text).toContain('queue rows');
    expect(text.match(/svcpack bench --files: begin/g)).toHaveLength(1);
  });

  it('creates a results file that does not exist yet (a run used to end in ENOENT after all its rounds)', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'svcpack-results-')), 'new.md');
    writeScaleResults(file, ['only run']);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith('# Benchmark results\n')).toBe(true);
    expect(text).toContain('only run');
    expect(text.match(/svcpack bench --files: end/g)).toHaveLength(1);
  });

  it('gives µs per file and the largest size over 50,000 per operation, by wall time and by user CPU', () => {
    const lines = scaleTable([row(50_000, 'save', 500), row(500_000, 'save', 7_500, 2_500)]);
    expect(lines).toContain('| 50,000 | save | 500 | 10.0 | 5.0 / 2.5 | 300 | 200 |');
    expect(lines).toContain('| 500,000 | save | 7500 | 15.0 | 5.0 / 3.8 | 300 | 200 |');
    expect(lines).toContain('µs per file, largest size ÷ 50,000: save 1.50×');
    expect(lines.at(-1)).toBe('user CPU µs per file, largest size ÷ 50,000: save 1.00×');
  });

  it('gives load ÷ save per size, and the lazy load ÷ save', () => {
    const lines = scaleTable([
      row(50_000, 'save', 400),
      row(50_000, 'load', 500),
      row(50_000, 'load, lazy', 200),
    ]);
    expect(lines).toContain('load ÷ save: 50,000 1.25×');
    expect(lines).toContain('lazy load ÷ save: 50,000 0.50×');
  });
});
