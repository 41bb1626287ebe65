/**
 * The engine's install alone, without the baseline: forks the 50,000-file image, reads the 20,000-file
 * SP4 and times `install` (and, before it, `plan`) several times, printing the medians. Run with
 * `node --expose-gc dist/bench/install-median.js [runs]` after a build; it is what RESULTS.md quotes
 * for changes to the install path, where the full servicing suite is too coarse.
 */
import { pathToFileURL } from 'node:url';
import { generateServicePack } from '../src/generate/index.js';
import { Package } from '../src/package/index.js';
import { WinImage, install, plan } from '../src/machine/index.js';
import { median } from './median.js';

/** Medians and minimums in milliseconds. */
export interface InstallMedians {
  runs: number;
  installMedianMs: number;
  installMinMs: number;
  planMedianMs: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Times `runs` plans and installs, each on a fresh fork. */
export async function measureInstall(
  runs = 8,
  imageFiles = 50_000,
  spFiles = 20_000,
): Promise<InstallMedians> {
  const image = WinImage.create({ files: imageFiles, seed: 1 });
  const bytes = generateServicePack(image, { level: 4, files: spFiles, seed: 1 }).toBytes();
  const installs: number[] = [];
  const plans: number[] = [];
  for (let i = 0; i < runs; i++) {
    const fresh = image.fork();
    const pkg = Package.fromBytes(bytes);
    gc();
    let start = performance.now();
    await plan(fresh, pkg, { noRestart: true });
    plans.push(performance.now() - start);
    gc();
    start = performance.now();
    const result = await install(fresh, pkg, { noRestart: true });
    installs.push(performance.now() - start);
    if (result.code !== 3010 && result.code !== 0)
      throw new Error(`install failed: ${result.code} ${result.message}`);
  }
  return {
    runs,
    installMedianMs: median(installs),
    installMinMs: Math.min(...installs),
    planMedianMs: median(plans),
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const runs = Number(process.argv[2] ?? 8);
  const m = await measureInstall(Number.isInteger(runs) && runs > 0 ? runs : 8);
  console.log(
    `${m.runs} runs: install median ${m.installMedianMs.toFixed(0)} ms (min ${m.installMinMs.toFixed(0)}), ` +
      `plan median ${m.planMedianMs.toFixed(0)} ms`,
  );
}
