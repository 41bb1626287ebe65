/**
 * Two builds of svcpack side by side in one process, for a change to manifest validation: each reads
 * the generated 20,000-file SP4 with `Package.fromBytes` and validates its manifest JSON alone
 * (`validateManifest` of freshly parsed JSON), the builds alternating (and which goes first
 * alternating by round). Each step is timed in process CPU time (user and system, all threads), which
 * other processes on a loaded machine disturb less than the wall clock. Prints the medians (the first
 * two rounds, which compile, are dropped) and the median of B's difference from A within each round.
 *
 *   npm run build && node --expose-gc dist/bench/compare-manifest.js /tmp/before . 15
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './median.js';

interface Build {
  root: string;
  fromBytes: number[];
  validate: number[];
  run(): { fromBytes: number; validate: number };
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** The process CPU time `step` takes, in milliseconds. */
function cpuTime(step: () => void): number {
  const before = process.cpuUsage();
  step();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function loadBuild(root: string): Promise<Build> {
  const from = (path: string) => import(pathToFileURL(resolve(root, 'dist', path)).href);
  const { generateServicePack } = await from('fixtures/index.js');
  const { Package, validateManifest } = await from('src/package/index.js');
  const { WinImage } = await from('src/machine/index.js');
  const image = WinImage.create({ files: 50_000, seed: 1 });
  const pkg = generateServicePack(image, { level: 4, files: 20_000, seed: 1 });
  const bytes: Uint8Array = pkg.toBytes();
  const manifestText = JSON.stringify(pkg.manifest);
  return {
    root,
    fromBytes: [],
    validate: [],
    run() {
      gc();
      const fromBytes = cpuTime(() => Package.fromBytes(bytes));
      const json: unknown = JSON.parse(manifestText);
      gc();
      return { fromBytes, validate: cpuTime(() => validateManifest(json)) };
    },
  };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [first, second, roundsText] = process.argv.slice(2);
  if (!first || !second) {
    console.error('usage: node --expose-gc dist/bench/compare-manifest.js <repo A> <repo B> [rounds]');
    process.exit(2);
  }
  const rounds = Math.max(3, Number(roundsText ?? 15) || 15);
  const builds = [await loadBuild(first), await loadBuild(second)];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    for (const build of order) {
      const { fromBytes, validate } = build.run();
      if (round < 2) continue;
      build.fromBytes.push(fromBytes);
      build.validate.push(validate);
    }
  }
  const [a, b] = builds;
  const difference = (x: number[], y: number[]) => median(y.map((value, i) => value - x[i]));
  for (const build of builds) {
    console.log(
      `${build.root}: Package.fromBytes ${ms(median(build.fromBytes))}, validateManifest ${ms(median(build.validate))}`,
    );
  }
  console.log(
    `B - A (median within a round): Package.fromBytes ${ms(difference(a.fromBytes, b.fromBytes))}, ` +
      `validateManifest ${ms(difference(a.validate, b.validate))} over ${rounds - 2} rounds`,
  );
}
