/**
 * The sweep report: one self-contained HTML page (no script, no network) with inline SVG charts.
 * A crash sweep shows a strip of every cut point coloured by outcome, above a strip of the kind of
 * change each point fell before; a fleet shows outcome counts by machine kind and the distributions
 * of peak space and restarts.
 */
import type { MachineLine, PointLine, ResultLine, SweepHeader } from './results.js';
import { summarize, summaryText, type Counts } from './summary.js';

/** Outcome colours (also what the browser test looks for). */
export const OUTCOME_COLOURS: Record<string, string> = {
  old: '#2b8a3e',
  new: '#1c7ed6',
  ok: '#2b8a3e',
  restart: '#1c7ed6',
  lost: '#f59f00',
  'disk-full': '#f59f00',
  failed: '#e03131',
};
const CHANGE_COLOURS: Record<string, string> = {
  write: '#5f3dc4',
  rename: '#0c8599',
  delete: '#862e9c',
  mkdir: '#5c940d',
  setAttributes: '#868e96',
  registry: '#d9480f',
};

const escape = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const changeKind = (change: string) => {
  const kind = change.split(' ')[0];
  return kind.startsWith('reg') ? 'registry' : kind;
};

function legend(colours: Record<string, string>, present: Iterable<string>): string {
  return [...new Set(present)]
    .map((k) => `<span class="key"><i style="background:${colours[k] ?? '#000'}"></i>${escape(k)}</span>`)
    .join(' ');
}

function crashStrip(lines: PointLine[]): string {
  const sorted = [...lines].sort((a, b) => a.point - b.point);
  const perRow = 400;
  const cell = 2;
  const rowHeight = 30;
  const rows = Math.ceil(sorted.length / perRow);
  const cells = sorted
    .map((line, i) => {
      const x = (i % perRow) * cell;
      const y = Math.floor(i / perRow) * rowHeight;
      const kind = changeKind(line.change);
      const title = escape(
        `cut ${line.point}: before ${line.change} → ${line.outcome}${line.failures.length ? `: ${line.failures[0]}` : ''}`,
      );
      return (
        `<rect class="point" data-point="${line.point}" data-outcome="${line.outcome}" x="${x}" y="${y}" width="${cell}" height="18" fill="${OUTCOME_COLOURS[line.outcome]}"><title>${title}</title></rect>` +
        `<rect class="change" data-change="${escape(kind)}" x="${x}" y="${y + 20}" width="${cell}" height="6" fill="${CHANGE_COLOURS[kind] ?? '#000'}"/>`
      );
    })
    .join('');
  return `<svg id="strip" width="${perRow * cell}" height="${rows * rowHeight}" viewBox="0 0 ${perRow * cell} ${rows * rowHeight}" role="img" aria-label="cut points by outcome">${cells}</svg>
<p>Outcome (upper band): ${legend(
    OUTCOME_COLOURS,
    sorted.map((l) => l.outcome),
  )}</p>
<p>Change the cut fell before (lower band): ${legend(
    CHANGE_COLOURS,
    sorted.map((l) => changeKind(l.change)),
  )}</p>`;
}

/** Horizontal stacked bars: one per group, segments per outcome. */
function stackedBars(id: string, groups: Record<string, Counts>): string {
  const entries = Object.entries(groups);
  const max = Math.max(1, ...entries.map(([, c]) => Object.values(c).reduce((a, b) => a + b, 0)));
  const width = 500;
  const bars = entries
    .map(([group, counts], row) => {
      let x = 260;
      const segments = Object.entries(counts)
        .map(([outcome, n]) => {
          const w = (n / max) * width;
          const rect = `<rect class="bar" data-group="${escape(group)}" data-outcome="${outcome}" data-count="${n}" x="${x}" y="${row * 26}" width="${w}" height="20" fill="${OUTCOME_COLOURS[outcome]}"><title>${escape(`${group}: ${n} ${outcome}`)}</title></rect>`;
          x += w;
          return rect;
        })
        .join('');
      return `<text x="0" y="${row * 26 + 15}" font-size="12">${escape(group)}</text>${segments}`;
    })
    .join('');
  return `<svg id="${id}" width="${260 + width}" height="${entries.length * 26}" role="img">${bars}</svg>`;
}

/** Vertical bars of a distribution: label to count. */
function histogram(id: string, bins: [string, number][], colour: string): string {
  const max = Math.max(1, ...bins.map(([, n]) => n));
  const w = 40;
  const bars = bins
    .map(([label, n], i) => {
      const h = (n / max) * 120;
      return `<rect class="bin" data-bin="${escape(label)}" data-count="${n}" x="${i * (w + 6)}" y="${130 - h}" width="${w}" height="${h}" fill="${colour}"><title>${escape(`${label}: ${n}`)}</title></rect><text x="${i * (w + 6)}" y="146" font-size="10">${escape(label)}</text>`;
    })
    .join('');
  return `<svg id="${id}" width="${Math.max(1, bins.length) * (w + 6)}" height="150" role="img">${bars}</svg>`;
}

function spaceBins(lines: MachineLine[]): [string, number][] {
  const mib = lines.map((l) => l.peakBytes / 1048576);
  const top = Math.max(1, ...mib);
  const step = Math.max(1, Math.ceil(top / 8));
  const bins: [string, number][] = [];
  for (let from = 0; from <= top; from += step)
    bins.push([`${from}-${from + step} MiB`, mib.filter((m) => m >= from && m < from + step).length]);
  return bins;
}

function fleetCharts(lines: MachineLine[], byKind: Record<string, Counts>, restarts: Counts): string {
  return `<h2>Outcomes by machine kind</h2>${stackedBars('outcomes', byKind)}
<p>${legend(
    OUTCOME_COLOURS,
    lines.map((l) => l.outcome),
  )}</p>
<h2>Peak space used above the start</h2>${histogram('space', spaceBins(lines), '#1c7ed6')}
<h2>Restarts per machine</h2>${histogram(
    'restarts',
    Object.entries(restarts).sort(([a], [b]) => Number(a) - Number(b)),
    '#5f3dc4',
  )}`;
}

/** The whole page. */
export function sweepReportHtml(header: SweepHeader, lines: ResultLine[]): string {
  const summary = summarize(header, lines);
  const body =
    summary.kind === 'crash'
      ? `<h2>Every cut point</h2>${crashStrip(lines.filter((l): l is PointLine => l.type === 'point'))}`
      : fleetCharts(
          lines.filter((l): l is MachineLine => l.type === 'machine'),
          summary.byKind,
          summary.restarts,
        );
  return `<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>${escape(`svcpack sweep: ${header.name}`)}</title>
<style>body{font:14px system-ui,sans-serif;margin:24px;color:#212529}.key{margin-right:12px}.key i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}pre{background:#f1f3f5;padding:12px}</style>
</head><body>
<h1>${escape(`${header.kind === 'crash' ? 'Crash' : 'Fleet'} sweep: ${header.name}`)}</h1>
<pre id="summary">${escape(summaryText(summary))}</pre>
${body}
<script type="application/json" id="summary-data">${JSON.stringify(summary).replace(/</g, '\\u003c')}</script>
</body></html>
`;
}
