/**
 * Two builds' `WinImage.load` of the same image file, side by side in one process: the builds
 * alternate (and which goes first alternates by round), the first round (which compiles) is dropped,
 * and the medians are printed: wall time, the process's CPU (all threads: the system's threads read
 * the file) and this thread's own CPU (from /proc/thread-self/schedstat: the decode, the checksum and
 * the garbage collector's share on it), with the median of B's difference from A within each round.
 * Each round also checks that both builds load the same image (the same digest).
 *
 *   git archive main | tar -x -C /tmp/before && ln -s $PWD/node_modules /tmp/before/ && (cd /tmp/before && npm run build)
 *   npm run build && node --expose-gc dist/bench/load-compare.js /tmp/before . image.svcimg 9
 *   GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node --expose-gc dist/bench/load-compare.js /tmp/before . image.svcimg 9
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

interface LoadedImage {
  digest(): string;
}

interface Build {
  root: string;
  load(file: string): Promise<LoadedImage>;
  wall: number[];
  cpu: number[];
  thread: number[];
}

async function loadBuild(root: string): Promise<Build> {
  const url = pathToFileURL(resolve(root, 'dist/src/machine/index.js')).href;
  const { WinImage } = (await import(url)) as {
    WinImage: { load(file: string): Promise<LoadedImage> };
  };
  return { root, load: (file) => WinImage.load(file), wall: [], cpu: [], thread: [] };
}

/** This thread's CPU time in milliseconds (Linux). */
function threadCpu(): number {
  const [onCpu] = readFileSync('/proc/thread-self/schedstat', 'utf8').split(' ');
  return Number(onCpu) / 1e6;
}

/** One load: its wall time, the process's CPU and this thread's CPU, in milliseconds, and the image's digest. */
async function timeLoad(build: Build, file: string): Promise<{ digest: string; times: number[] }> {
  gc();
  const cpuBefore = process.cpuUsage();
  const threadBefore = threadCpu();
  const start = performance.now();
  const image = await build.load(file);
  const wall = performance.now() - start;
  const thread = threadCpu() - threadBefore;
  const cpu = process.cpuUsage(cpuBefore);
  return { digest: image.digest(), times: [wall, (cpu.user + cpu.system) / 1000, thread] };
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[sorted.length >> 1];
}

async function main(): Promise<void> {
  const [first, second, file, roundsText] = process.argv.slice(2);
  if (!first || !second || !file) {
    console.error(
      'usage: node --expose-gc dist/bench/load-compare.js <repo A> <repo B> <image file> [rounds]',
    );
    process.exit(2);
  }
  const rounds = Math.max(2, Number(roundsText ?? 7) || 7);
  const builds = [await loadBuild(first), await loadBuild(second)];
  const differences: number[][] = [[], [], []];
  for (let round = 0; round < rounds; round++) {
    const order = round % 2 === 0 ? builds : [...builds].reverse();
    const results = new Map<Build, { digest: string; times: number[] }>();
    for (const build of order) results.set(build, await timeLoad(build, file));
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
        `(this thread ${median(build.thread).toFixed(0)} ms), medians of ${rounds - 1} rounds`,
    );
  }
  const [wall, cpu, thread] = differences.map((values) => median(values).toFixed(1));
  console.log(
    `B - A, median of the rounds' own differences: wall ${wall} ms, CPU ${cpu} ms, this thread ${thread} ms`,
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
