/**
 * Two builds of svcpack side by side in one process, so that a change to the install path is
 * measured against the same noise: each build forks its own 50,000-file image, reads the 20,000-file
 * SP4 with `Package.fromBytes` and installs it, the builds alternating (and which goes first
 * alternating by round), and the medians are printed (the first round, which compiles, is dropped),
 * with the process CPU time of both steps (all threads), and the median of B's difference from A
 * within each round, which the machine's drift moves least. The build loaded second measured about
 * 10 ms slower here (both share node_modules, and so some of their code's type feedback): run both
 * orders and average.
 *
 *   git worktree add /tmp/before <commit> && (cd /tmp/before && npm ci && npm run build)
 *   npm run build && node --expose-gc dist/bench/compare-builds.js /tmp/before . 7
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './median.js';

interface Build {
  root: string;
  load: number[];
  install: number[];
  /** Process CPU time (all threads, garbage collection included) of load and install together. */
  cpu: number[];
  run(): Promise<{ load: number; install: number; cpu: number }>;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function loadBuild(root: string): Promise<Build> {
  const from = (path: string) => import(pathToFileURL(resolve(root, 'dist', path)).href);
  const { generateServicePack } = await from('fixtures/index.js');
  const { Package } = await from('src/package/index.js');
  const { WinImage, install } = await from('src/machine/index.js');
  const image = WinImage.create({ files: 50_000, seed: 1 });
  const bytes: Uint8Array = generateServicePack(image, { level: 4, files: 20_000, seed: 1 }).toBytes();
  return {
    root,
    load: [],
    install: [],
    cpu: [],
    async run() {
      const fresh = image.fork();
      gc();
      const cpuBefore = process.cpuUsage();
      let start = performance.now();
      const pkg = Package.fromBytes(bytes);
      const load = performance.now() - start;
      start = performance.now();
      const result = await install(fresh, pkg, { noRestart: true });
      if (result.code !== 0 && result.code !== 3010) throw new Error(`${root}: install gave ${result.code}`);
      const installTime = performance.now() - start;
      const cpu = process.cpuUsage(cpuBefore);
      return { load, install: installTime, cpu: (cpu.user + cpu.system) / 1000 };
    },
  };
}

/** The median over the rounds of B's time minus A's in the same round, for each step. */
function pairedDifferences(a: Build, b: Build): { load: number; install: number; cpu: number } {
  const differences = (x: number[], y: number[]) => median(y.map((value, i) => value - x[i]));
  return {
    load: differences(a.load, b.load),
    install: differences(a.install, b.install),
    cpu: differences(a.cpu, b.cpu),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [first, second, roundsText] = process.argv.slice(2);
  if (!first || !second) {
    console.error('usage: node --expose-gc dist/bench/compare-builds.js <repo A> <repo B> [rounds]');
    process.exit(2);
  }
  const rounds = Math.max(2, Number(roundsText ?? 7) || 7);
  const builds = [await loadBuild(first), await loadBuild(second)];
  for (let round = 0; round < rounds; round++) {
    // The build that runs first in a round measured a few per cent faster: the order alternates.
    for (const build of round % 2 === 0 ? builds : [...builds].reverse()) {
      const { load, install, cpu } = await build.run();
      if (round === 0) continue;
      build.load.push(load);
      build.install.push(install);
      build.cpu.push(cpu);
    }
  }
  for (const build of builds) {
    const load = median(build.load);
    const install = median(build.install);
    console.log(
      `${build.root}: Package.fromBytes ${load.toFixed(0)} ms, install ${install.toFixed(0)} ms, ` +
        `together ${(load + install).toFixed(0)} ms, CPU ${median(build.cpu).toFixed(0)} ms ` +
        `(medians of ${rounds - 1} rounds)`,
    );
  }
  // The machine's speed drifts between rounds: the difference within each round is steadier.
  const difference = pairedDifferences(builds[0], builds[1]);
  console.log(
    `B - A, median of the rounds' own differences: fromBytes ${difference.load.toFixed(1)} ms, ` +
      `install ${difference.install.toFixed(1)} ms, CPU ${difference.cpu.toFixed(1)} ms`,
  );
}
