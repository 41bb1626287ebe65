/**
 * Why the path layer keeps `resolveNormalDrivePath` beside `resolvePath`: the time each takes to
 * resolve the paths of the generated image (normal-form drive paths, the engine's own), alternating
 * in rounds, in process CPU time. Prints the medians and the median of the rounds' own ratios.
 *
 *   npm run build && node --expose-gc dist/bench/path-fast.js 15
 */
import { pathToFileURL } from 'node:url';
import { WinImage } from '../src/machine/index.js';
import { resolveNormalDrivePath, resolvePath } from '../src/path/index.js';
import { median } from './median.js';

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

function cpuTime(step: () => void): number {
  gc();
  const before = process.cpuUsage();
  step();
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

/** Every path under a folder of the image, as the engine writes them (`C:\\WINNT\\system32\\x.dll`). */
function pathsUnder(image: WinImage, folder: string, into: string[] = []): string[] {
  for (const name of image.readdir(folder)) {
    const path = folder.endsWith('\\') ? `${folder}${name}` : `${folder}\\${name}`;
    into.push(path);
    if (image.stat(path).isDirectory) pathsUnder(image, path, into);
  }
  return into;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const rounds = Math.max(3, Number(process.argv[2] ?? 15) || 15);
  const paths = pathsUnder(WinImage.create({ files: 50_000, seed: 1 }), 'C:\\');
  const context = { currentDrive: 'C' };
  const full: number[] = [];
  const fast: number[] = [];
  for (let round = 0; round < rounds; round++) {
    const steps = [
      () => full.push(cpuTime(() => paths.forEach((path) => resolvePath(path, context)))),
      () => fast.push(cpuTime(() => paths.forEach((path) => resolveNormalDrivePath(path)))),
    ];
    if (round % 2 === 1) steps.reverse();
    for (const step of steps) step();
  }
  // the first round compiles
  full.shift();
  fast.shift();
  console.log(
    `${paths.length} paths: resolvePath ${median(full).toFixed(1)} ms, resolveNormalDrivePath ` +
      `${median(fast).toFixed(1)} ms; resolvePath / resolveNormalDrivePath ` +
      `${median(full.map((value, i) => value / fast[i])).toFixed(2)} × (median of ${rounds - 1} rounds)`,
  );
}
