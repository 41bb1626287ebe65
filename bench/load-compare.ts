/**
 * Two builds' `WinImage.load` of the same image file, side by side: the builds alternate (and which
 * goes first alternates by round), the first round is dropped, and the medians are printed: wall
 * time, the process's CPU (all threads: the system's threads read the file, V8's collect garbage)
 * and the main thread's own CPU (from /proc/thread-self/schedstat: the decode, the checksum and its
 * share of the garbage collection), with the median of B's difference from A within each round.
 * Each round also checks that both builds load the same image (the same digest). By default the
 * loads run in this process, warm after the first round; with `--fresh` each runs in a new process
 * of its own, cold, as the command's one load does.
 *
 *   git archive main | tar -x -C /tmp/before && ln -s $PWD/node_modules /tmp/before/ && (cd /tmp/before && npm run build)
 *   npm run build && node --expose-gc dist/bench/load-compare.js /tmp/before . image.svcimg 9 [--fresh]
 *   GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node --expose-gc dist/bench/load-compare.js /tmp/before . image.svcimg 9
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median } from './median.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** One load: the image's digest, and its wall time, process CPU and main-thread CPU in milliseconds. */
interface Timed {
  digest: string;
  times: number[];
}

interface Build {
  root: string;
  load(file: string): Promise<Timed>;
  wall: number[];
  cpu: number[];
  thread: number[];
}

/** This thread's CPU time in milliseconds (Linux). */
function threadCpu(): number {
  const [onCpu] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
  return Number(onCpu) / 1e6;
}

/** A load by the build at `root` in this process. */
async function loaderIn(root: string): Promise<(file: string) => Promise<Timed>> {
  const url = pathToFileURL(resolve(root, 'dist/src/machine/index.js')).href;
  const { WinImage } = (await import(url)) as {
    WinImage: { load(file: string): Promise<{ digest(): string }> };
  };
  return async (file) => {
    gc();
    const cpuBefore = process.cpuUsage();
    const threadBefore = threadCpu();
    const start = performance.now();
    const image = await WinImage.load(file);
    const wall = performance.now() - start;
    const thread = threadCpu() - threadBefore;
    const cpu = process.cpuUsage(cpuBefore);
    return { digest: image.digest(), times: [wall, (cpu.user + cpu.system) / 1000, thread] };
  };
}

/** A load by the build at `root` in a new process (this script with `--child`). */
function loaderInChild(root: string): (file: string) => Promise<Timed> {
  return (file) => {
    const output = execFileSync(process.execPath, [process.argv[1], '--child', root, file], {
      encoding: 'utf8',
    });
    return Promise.resolve(JSON.parse(output) as Timed);
  };
}

async function compare(roots: string[], file: string, rounds: number, fresh: boolean): Promise<void> {
  const builds: Build[] = [];
  for (const root of roots) {
    const load = fresh ? loaderInChild(root) : await loaderIn(root);
    builds.push({ root, load, wall: [], cpu: [], thread: [] });
  }
  const differences: number[][] = [[], [], []];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    const results = new Map<Build, Timed>();
    for (const build of order) results.set(build, await build.load(file));
    const [a, b] = builds.map((build) => results.get(build)!);
    if (a.digest !== b.digest) throw new Error(`round ${round}: the builds load different images`);
    if (round === 0) continue;
    for (const build of builds) {
      const [wall, cpu, thread] = results.get(build)!.times;
      build.wall.push(wall);
      build.cpu.push(cpu);
      build.thread.push(thread);
    }
    for (let i = 0; i < 3; i++) differences[i].push(b.times[i] - a.times[i]);
  }
  for (const build of builds) {
    console.log(
      `${build.root}: WinImage.load ${median(build.wall).toFixed(0)} ms wall, CPU ${median(build.cpu).toFixed(0)} ms ` +
        `(main thread ${median(build.thread).toFixed(0)} ms), medians of ${rounds - 1} rounds`,
    );
  }
  const [wall, cpu, thread] = differences.map((values) => median(values).toFixed(1));
  console.log(
    `B - A, median of the rounds' own differences: wall ${wall} ms, CPU ${cpu} ms, main thread ${thread} ms`,
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  if (args[0] === '--child') {
    const load = await loaderIn(args[1]);
    process.stdout.write(JSON.stringify(await load(args[2])));
    return;
  }
  const fresh = args.includes('--fresh');
  const [first, second, file, roundsText] = args.filter((arg) => arg !== '--fresh');
  if (!first || !second || !file) {
    console.error(
      'usage: node --expose-gc dist/bench/load-compare.js <repo A> <repo B> <image file> [rounds] [--fresh]',
    );
    process.exit(2);
  }
  await compare([first, second], file, Math.max(2, Number(roundsText ?? 7) || 7), fresh);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
