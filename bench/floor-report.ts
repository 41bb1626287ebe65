/**
 * The library install against its `Map` floor for `svcpack bench --files`: each side in a `node` of
 * its own, in turns, no forced collection (bench/install-sides.ts), as a markdown table.
 */
import { separateRounds } from './install-sides.js';
import { median } from './median.js';
import { roundRatios } from './servicing.js';

/** Medians of the rounds, and the median of the rounds' own ratios, wall and CPU. */
export interface FloorResult {
  files: number;
  spFiles: number;
  rounds: number;
  engineMs: number;
  floorMs: number;
  engineCpuMs: number;
  floorCpuMs: number;
  ratio: number;
  cpuRatio: number;
  ratios: number[];
}

/** Times `rounds` installs of an SP of `spFiles` into an image of `files` on each side. */
export async function runFloorBench(files: number, spFiles: number, rounds: number): Promise<FloorResult> {
  const { samples, cpu, names } = await separateRounds(rounds, files, spFiles);
  const [engine, floor] = names;
  const ratios = roundRatios(samples, engine, floor);
  return {
    files,
    spFiles,
    rounds,
    engineMs: median(samples.get(engine)!),
    floorMs: median(samples.get(floor)!),
    engineCpuMs: median(cpu.get(engine)!),
    floorCpuMs: median(cpu.get(floor)!),
    ratio: median(ratios),
    cpuRatio: median(roundRatios(cpu, engine, floor)),
    ratios,
  };
}

/** The result as markdown rows. */
export function floorTable(r: FloorResult): string[] {
  const ms = (value: number): string => value.toFixed(0);
  return [
    `| ${r.files.toLocaleString('en-US')} files, SP of ${r.spFiles.toLocaleString('en-US')} (median of ${r.rounds} rounds, a process each) | wall ms | CPU ms |`,
    '|---|---:|---:|',
    `| library: \`Package.fromBytes\` + \`install\` into a fork | ${ms(r.engineMs)} | ${ms(r.engineCpuMs)} |`,
    `| floor: the same steps on JavaScript \`Map\`s (bench/install-floor.ts) | ${ms(r.floorMs)} | ${ms(r.floorCpuMs)} |`,
    `| **library ÷ floor** (target ≤ 1.25; median of the rounds' own ratios: ${r.ratios.map((v) => v.toFixed(2)).join(', ')}) | **${r.ratio.toFixed(2)} ×** | ${r.cpuRatio.toFixed(2)} × |`,
  ];
}
