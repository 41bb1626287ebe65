/**
 * The HTML report rendered by a real headless Chromium (Debian's `chromium`): what it shows, read
 * from the rendered DOM and from the pixels of a screenshot.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  sweepReportHtml,
  type MachineLine,
  type PointLine,
  type SweepHeader,
} from '../../src/sweep/index.js';
import { OUTCOME_COLOURS } from '../../src/sweep/report-html.js';
import { countColours, readPng } from './png.js';

// sweeps run hundreds of installs and boots; on a loaded shared machine a test takes minutes
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const dir = mkdtempSync(join(tmpdir(), 'svcpack-report-test-'));
const CHROMIUM = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--hide-scrollbars'];

const run = promisify(execFile);

/** The page's DOM after Chromium rendered it, and a screenshot's pixels (the two runs at once). */
async function render(
  name: string,
  html: string,
): Promise<{ dom: string; pixels: ReturnType<typeof readPng> }> {
  const page = join(dir, `${name}.html`);
  const shot = join(dir, `${name}.png`);
  writeFileSync(page, html);
  const [{ stdout: dom }] = await Promise.all([
    run('chromium', [...CHROMIUM, '--dump-dom', `file://${page}`], { maxBuffer: 64 << 20 }),
    run('chromium', [...CHROMIUM, `--screenshot=${shot}`, '--window-size=1000,900', `file://${page}`]),
  ]);
  return { dom, pixels: readPng(readFileSync(shot)) };
}

const header = (kind: 'crash' | 'fleet', units: number): SweepHeader => ({
  type: 'sweep',
  version: 1,
  id: 'test',
  kind,
  name: `${kind} test`,
  tasks: 1,
  units,
  spec: {},
});

const point = (n: number, outcome: PointLine['outcome']): PointLine => ({
  type: 'point',
  task: 0,
  change: n % 3 === 0 ? 'regSet HKLM\\SOFTWARE\\x\\y' : `write C:\\WINNT\\file${n}.dll`,
  point: n,
  outcome,
  recoveryChanges: n,
  recoveryCuts: 1,
  failures: outcome === 'failed' ? ['neither the old nor the new image'] : [],
});

describe('the sweep report in headless Chromium', () => {
  it('crash sweep: a strip cell per cut point in its outcome colour, the failing points red, and the summary', async () => {
    const lines = Array.from({ length: 600 }, (_, n) =>
      point(n, n === 450 || n === 451 ? 'failed' : n < 300 ? 'old' : 'new'),
    );
    const { dom, pixels } = await render('crash', sweepReportHtml(header('crash', 600), lines));
    expect(dom.match(/<rect class="point"/g)).toHaveLength(600);
    expect(dom).toContain('cut points: 600 of 600; outcomes: failed 2, new 298, old 300');
    expect(dom).toContain('FAILED at 451 (write C:\\WINNT\\file451.dll)');
    const counts = countColours(pixels, [OUTCOME_COLOURS.old, OUTCOME_COLOURS.new, OUTCOME_COLOURS.failed]);
    // each cell is 2 px wide and 18 px high: old and new cells as many as their points, the two failing ones red
    expect(counts[OUTCOME_COLOURS.old]).toBeGreaterThanOrEqual(300 * 2 * 18);
    expect(counts[OUTCOME_COLOURS.new]).toBeGreaterThanOrEqual(298 * 2 * 18);
    expect(counts[OUTCOME_COLOURS.failed]).toBeGreaterThanOrEqual(2 * 2 * 18);
    expect(counts[OUTCOME_COLOURS.failed]).toBeLessThan(counts[OUTCOME_COLOURS.new] / 50);
  });

  it('fleet sweep: outcome bars by machine kind and the space and restart distributions', async () => {
    const machine = (index: number, outcome: MachineLine['outcome'], restarts: number): MachineLine => ({
      type: 'machine',
      task: index,
      index,
      machine: {
        preset: 'win2000-server',
        seed: index,
        servicePack: index % 2 ? 3 : 0,
        heldFiles: 0,
        hotfixes: [],
        sessions: 0,
      },
      kind: index % 2 ? 'win2000-server, SP3' : 'win2000-server, SP0',
      codes: outcome === 'failed' ? [1603] : [0],
      renamesQueued: restarts,
      restartRequired: false,
      restarts,
      peakBytes: (index + 1) * 1048576,
      ms: 10,
      outcome,
      failures: outcome === 'disk-full' ? ['step 0: 1603 not enough disk space'] : [],
    });
    const lines = [
      machine(0, 'ok', 1),
      machine(1, 'ok', 2),
      machine(2, 'disk-full', 0),
      machine(3, 'ok', 2),
      machine(4, 'ok', 1),
    ];
    const { dom, pixels } = await render('fleet', sweepReportHtml(header('fleet', 5), lines));
    expect(dom).toContain('data-group="win2000-server, SP0" data-outcome="ok" data-count="2"');
    expect(dom).toContain('data-group="win2000-server, SP0" data-outcome="disk-full" data-count="1"');
    expect(dom).toContain('data-group="win2000-server, SP3" data-outcome="ok" data-count="2"');
    expect(dom).toMatch(/id="restarts"[\s\S]*data-bin="2" data-count="2"/);
    expect(dom).toContain('machines: 5 of 5; outcomes: disk-full 1, ok 4');
    const counts = countColours(pixels, [OUTCOME_COLOURS.ok, OUTCOME_COLOURS['disk-full']]);
    // four ok machines against one disk-full: the green bars are four times as long as the orange
    expect(counts[OUTCOME_COLOURS.ok] / counts[OUTCOME_COLOURS['disk-full']]).toBeGreaterThan(3);
    expect(counts[OUTCOME_COLOURS['disk-full']]).toBeGreaterThan(0);
  });
});
