/**
 * Heap allocation of the library install, by phase: the workload of bench/install-vs-floor.ts (the
 * 20,000-file SP4 read with `Package.fromBytes` and installed into a fork of the 50,000-file image),
 * sampled by V8's heap profiler with collected objects kept, so that it counts every allocation, not
 * what survives. Unlike time, it hardly moves with the machine's load, so a change that allocates
 * less shows up here when a CPU comparison drowns it in noise:
 * `node --expose-gc dist/bench/install-alloc.js [rounds] [top]` prints MB per install for
 * `Package.fromBytes`, the plan, the steps and the rest, then the `top` allocating call sites.
 */
import { Session } from 'node:inspector/promises';
import { pathToFileURL } from 'node:url';
import { generateServicePack } from '../src/generate/index.js';
import { Package } from '../src/package/index.js';
import { WinImage, install } from '../src/machine/index.js';

interface SampleNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SampleNode[];
}

const PHASES = ['fromBytes', 'detailedPlan', 'runInstallSteps'];
const gc = (globalThis as { gc?: () => void }).gc ?? ((): void => undefined);

function label(node: SampleNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  return `${functionName || '(anonymous)'} ${url.split('/').slice(-2).join('/')}:${lineNumber + 1}`;
}

/** Bytes by phase and by call site (the allocating function and its two callers). */
function tally(head: SampleNode): { phases: Map<string, number>; sites: Map<string, number> } {
  const phases = new Map<string, number>();
  const sites = new Map<string, number>();
  const walk = (node: SampleNode, phase: string | undefined, stack: string[]): void => {
    const here =
      phase ?? (PHASES.includes(node.callFrame.functionName) ? node.callFrame.functionName : undefined);
    const path = [...stack.slice(-2), label(node)];
    phases.set(here ?? 'other', (phases.get(here ?? 'other') ?? 0) + node.selfSize);
    if (here && node.selfSize > 0) {
      const site = `${here}: ${path.join(' <- ')}`;
      sites.set(site, (sites.get(site) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, here, path);
  };
  walk(head, undefined, []);
  return { phases, sites };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rounds = Math.max(1, Number(process.argv[2] ?? 4) || 4);
  const top = Number(process.argv[3] ?? 20);
  const image = WinImage.create({ files: 50_000, seed: 1 });
  const bytes = generateServicePack(image, { level: 4, files: 20_000, seed: 1 }).toBytes();
  // the forks are made first, so that their own allocation is not sampled
  const warmUps = 3;
  const forks = Array.from({ length: warmUps + rounds }, () => image.fork());
  const session = new Session();
  session.connect();
  for (let round = 0; round < forks.length; round++) {
    gc();
    if (round === warmUps)
      await session.post('HeapProfiler.startSampling', {
        samplingInterval: 512,
        includeObjectsCollectedByMajorGC: true,
        includeObjectsCollectedByMinorGC: true,
      });
    const result = await install(forks[round], Package.fromBytes(bytes), { noRestart: true });
    if (result.code !== 0 && result.code !== 3010) throw new Error(`install gave ${result.code}`);
  }
  const { profile } = await session.post('HeapProfiler.stopSampling');
  session.disconnect();
  const { phases, sites } = tally(profile.head as unknown as SampleNode);
  const mb = (total: number): string => (total / rounds / 1e6).toFixed(1);
  const sum = [...phases.values()].reduce((a, b) => a + b, 0);
  console.log(
    `allocated per install (MB, ${rounds} rounds after ${warmUps}): ${[...phases].map(([phase, total]) => `${phase} ${mb(total)}`).join(', ')}; total ${mb(sum)}`,
  );
  for (const [site, total] of [...sites].sort((a, b) => b[1] - a[1]).slice(0, top))
    console.log(`${mb(total).padStart(6)}  ${site}`);
}
