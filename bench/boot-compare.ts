/**
 * Two builds' `windows` boots side by side in one process, each against the `Map` floor of the same
 * round, so that a change to the boot is measured against the same noise: each build makes its own
 * image with the spread queue of bench/queue.ts, and each round boots a fork of each and runs the
 * floor, in an order that rotates by round (the first round, which compiles, is dropped). Prints the
 * medians of each build's own ratio to the floor in each round (wall and CPU), and of B ÷ A.
 * The build loaded second measured 4 to 13 % faster here with both the same build: run both orders
 * and take the geometric mean of B ÷ A and of the reversed run's 1 ÷ (B ÷ A).
 *
 *   mkdir /tmp/before && git archive <commit> | tar -x -C /tmp/before
 *   ln -s "$PWD/node_modules" /tmp/before/ && (cd /tmp/before && npm run build)
 *   npm run build && node --expose-gc dist/bench/boot-compare.js /tmp/before . 100000 7
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { timed, type Timing } from './queue.js';
import { median } from './median.js';

type Boot = () => Timing;

async function loadBuild(root: string, entries: number): Promise<{ engine: Boot; floor: Boot }> {
  const from = (path: string) => import(pathToFileURL(resolve(root, 'dist', path)).href);
  const { imageWithSpreadQueue, floorNodesOf } = await from('bench/queue.js');
  const { floorBoot, floorFiles } = await from('bench/boot-floor.js');
  const { image, queue } = imageWithSpreadQueue(entries);
  const nodes = floorNodesOf(image);
  return {
    engine(): Timing {
      const copy = image.fork();
      let failed = -1;
      const timing = timed(() => {
        failed = copy.reboot({ mode: 'windows' }).counts.failed;
      });
      if (failed !== 0) throw new Error(`${root}: ${failed} entries failed`);
      return timing;
    },
    floor(): Timing {
      const files = floorFiles(nodes);
      return timed(() => void floorBoot(files, queue));
    },
  };
}

const [rootA, rootB] = [process.argv[2] ?? '.', process.argv[3] ?? '.'];
const entries = Number(process.argv[4] ?? 100_000);
const rounds = Number(process.argv[5] ?? 7);
const a = await loadBuild(rootA, entries);
const b = await loadBuild(rootB, entries);
const contenders = { floor: a.floor, A: a.engine, B: b.engine };
const names = ['floor', 'A', 'B'] as const;
const times: Record<(typeof names)[number], Timing[]> = { floor: [], A: [], B: [] };
for (let round = 0; round <= rounds; round++) {
  const turn = [...names.slice(round % 3), ...names.slice(0, round % 3)];
  for (const name of turn) {
    const timing = contenders[name]();
    if (round > 0) times[name].push(timing);
  }
}
const ratio = (x: keyof typeof times, y: keyof typeof times, key: keyof Timing): string =>
  median(times[x].map((t, i) => t[key] / times[y][i][key])).toFixed(2);
const ms = (x: keyof typeof times): string => median(times[x].map((t) => t.ms)).toFixed(0);
process.stdout.write(
  `${entries} entries, ${rounds} rounds: floor ${ms('floor')} ms, A ${ms('A')} ms, B ${ms('B')} ms\n` +
    `A ÷ floor ${ratio('A', 'floor', 'ms')} (CPU ${ratio('A', 'floor', 'cpuMs')}), ` +
    `B ÷ floor ${ratio('B', 'floor', 'ms')} (CPU ${ratio('B', 'floor', 'cpuMs')}), ` +
    `B ÷ A ${ratio('B', 'A', 'ms')} (CPU ${ratio('B', 'A', 'cpuMs')})\n`,
);
