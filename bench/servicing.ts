/**
 * Install (and uninstall) of a 20,000-file service pack, 5% in use, on the 50,000-file image, end to
 * end (verify, plan, extract, backup, apply, catalog, logs), against the same steps scripted with
 * `node:fs` on tmpfs (/dev/shm). Each iteration starts from a fresh copy, made outside the timing.
 */
import { sign } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { basename, join } from 'node:path';
import { Bench } from 'tinybench';
import { generateServicePack } from '../src/generate/index.js';
import { HashPool } from '../src/catalog/index.js';
import { hashHex, xxh64 } from '../src/image/index.js';
import { Package, compareVersions, defaultSigningKey } from '../src/package/index.js';
import { WinImage, install, uninstall } from '../src/machine/index.js';
import { taskStats, type BenchRow } from './report.js';

/** A full collection when node runs with --expose-gc (as `npm run bench` does); otherwise nothing. */
const collectGarbage = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

const SHM = existsSync('/dev/shm') ? '/dev/shm' : '/tmp';

interface HostCopy {
  root: string;
  inUse: Set<string>;
}

/** The versions sidecar of a host copy: upper-cased Windows path to file version. */
function readVersions(copy: HostCopy): Map<string, string> {
  return new Map(JSON.parse(readFileSync(join(copy.root, 'versions.json'), 'utf8')) as [string, string][]);
}

function writeVersions(root: string, versions: ReadonlyMap<string, string>): void {
  writeFileSync(join(root, 'versions.json'), JSON.stringify([...versions]));
}

/** Exports drive C: of the image to a tmpfs folder with a versions sidecar (setup, not timed). */
async function hostCopy(image: WinImage): Promise<HostCopy> {
  const root = mkdtempSync(join(SHM, 'svcpack-bench-'));
  await image.exportDrive('C', join(root, 'C'));
  const versions = new Map<string, string>();
  const inUse = new Set<string>();
  for (const p of image.processes()) for (const h of p.holds) inUse.add(h.toUpperCase());
  const visit = (dir: string): void => {
    for (const name of image.readdir(dir)) {
      const path = `${dir}\\${name}`;
      const stat = image.stat(path);
      if (stat.isDirectory) visit(path);
      else if (stat.version) versions.set(path.toUpperCase(), stat.version);
    }
  };
  visit('C:');
  writeVersions(root, versions);
  return { root, inUse };
}

function hostPath(root: string, windowsPath: string): string {
  return join(root, 'C', ...windowsPath.slice(3).split('\\'));
}

/**
 * The baseline install: the same steps with node:fs on tmpfs. It verifies and reads the package,
 * extracts every member to a working folder, decides each file by version, backs up what it
 * replaces (with its times), writes in-use files beside their targets and lists their renames, refreshes the dllcache
 * copies of protected files, keeps optional-component files under ServicePackFiles, writes the driver
 * cabinet, a signed catalog of SHA-256 and xxh64 hashes, the uninstall record, Svcpack.log and the
 * files' new versions (the engine records them on its entries). Like the
 * engine, it takes each SHA-256 from the manifest, which reading the package checked every member
 * against, and computes each xxh64.
 */
function scriptedInstall(copy: HostCopy, pkgBytes: Uint8Array, image: WinImage): void {
  const pkg = Package.fromBytes(pkgBytes);
  const versions = readVersions(copy);
  const windows = join(copy.root, 'C', 'WINNT');
  const work = join(copy.root, 'C', 'sp4work');
  const backup = join(windows, '$NTServicePackUninstall$');
  const dllcache = join(windows, 'system32', 'dllcache');
  const servicePackFiles = join(windows, 'ServicePackFiles', 'i386');
  let servicePackFilesMade = false;
  mkdirSync(work, { recursive: true });
  mkdirSync(backup, { recursive: true });
  const log: string[] = [];
  let copied = 0;
  const catalog: string[] = [];
  const renames: string[] = [];
  const record: { target: string; backup?: string; key?: string; version?: string }[] = [];
  // A backup keeps the original's times, as the engine's (and Windows' CopyFile) does.
  const backUp = (path: string, name: string, key?: string): void => {
    const original = statSync(path);
    copyFileSync(path, join(backup, name));
    utimesSync(join(backup, name), original.atime, original.mtime);
    record.push({ target: path, backup: name, key, version: key && versions.get(key) });
  };
  for (const file of pkg.manifest.files) {
    const data = pkg.member(file.source);
    const extracted = join(work, file.source.replaceAll('/', '_'));
    writeFileSync(extracted, data);
    // As the engine does: the SHA-256 the package reader checked this member against, and a new xxh64.
    catalog.push(`${file.target}\t${file.sha256}\t${hashHex(xxh64(data))}`);
    const target = image.expand(file.target);
    const path = hostPath(copy.root, target);
    const name = basename(path);
    if (file.optionalComponent) {
      if (!servicePackFilesMade) {
        mkdirSync(servicePackFiles, { recursive: true });
        servicePackFilesMade = true;
      }
      copyFileSync(extracted, join(servicePackFiles, name));
    }
    const key = target.toUpperCase();
    const current = versions.get(key);
    const exists = existsSync(path);
    if (exists && current && file.version && compareVersions(file.version, current) <= 0) continue;
    if (exists) {
      backUp(path, file.source.replaceAll('/', '_'), key);
    } else {
      mkdirSync(join(path, '..'), { recursive: true });
      record.push({ target: path, key });
    }
    if (file.version) versions.set(key, file.version);
    else versions.delete(key);
    if (copy.inUse.has(target.toUpperCase())) {
      copyFileSync(extracted, `${path}.new`);
      renames.push(`${path}.new|${path}`);
      // the engine's Svcpack.log has a line per step, and one per file in use
      log.push(`${(log.length / 1000).toFixed(3)}: ReplaceFile: ${target} is in use: queued ${path}.new`);
    } else {
      copyFileSync(extracted, path);
    }
    const cached = join(dllcache, name);
    if (file.protected && existsSync(cached)) {
      backUp(cached, `dllcache_${file.source.replaceAll('/', '_')}`);
      copyFileSync(extracted, cached);
    }
    copied++;
  }
  log.push(`${(log.length / 1000).toFixed(3)}: CopyFiles: ${copied} files, ${renames.length} renames queued`);
  if (pkg.manifest.driverCab) {
    const parts = pkg.manifest.driverCab.members.map((member) => pkg.member(member));
    const cab = join(windows, 'Driver Cache', 'i386');
    mkdirSync(cab, { recursive: true });
    writeFileSync(join(cab, pkg.manifest.driverCab.name), Buffer.concat(parts));
  }
  const catroot = join(windows, 'system32', 'CatRoot');
  mkdirSync(catroot, { recursive: true });
  const catalogBytes = Buffer.from(catalog.join('\n'));
  const signature = sign(null, catalogBytes, defaultSigningKey().privateKey);
  writeFileSync(join(catroot, 'sp4.cat'), Buffer.concat([catalogBytes, signature]));
  writeFileSync(join(backup, 'restore.json'), JSON.stringify(record));
  // the new files' versions, as the engine records them on its entries
  writeVersions(copy.root, versions);
  writeFileSync(join(windows, 'pending.txt'), renames.join('\n'));
  writeFileSync(join(windows, 'Svcpack.log'), log.join('\r\n'));
}

/**
 * The baseline uninstall: copy every backed-up original back with its times, remove what the install
 * added and put the original versions back in the sidecar.
 */
function scriptedUninstall(copy: HostCopy): void {
  const backup = join(copy.root, 'C', 'WINNT', '$NTServicePackUninstall$');
  const record = JSON.parse(readFileSync(join(backup, 'restore.json'), 'utf8')) as {
    target: string;
    backup?: string;
    key?: string;
    version?: string;
  }[];
  const versions = readVersions(copy);
  for (const { target, backup: saved, key, version } of record) {
    if (saved !== undefined) {
      const original = statSync(join(backup, saved));
      copyFileSync(join(backup, saved), `${target}.tmp`);
      utimesSync(`${target}.tmp`, original.atime, original.mtime);
      renameSync(`${target}.tmp`, target);
    } else if (existsSync(target)) {
      unlinkSync(target);
    }
    if (key === undefined) continue;
    if (version === undefined) versions.delete(key);
    else versions.set(key, version);
  }
  writeVersions(copy.root, versions);
  rmSync(backup, { recursive: true, force: true });
  writeFileSync(join(copy.root, 'C', 'WINNT', 'Spuninst.log'), 'done');
}

/**
 * `Package.load` of the SP from a file, hashing on the calling thread and through a worker pool
 * (both read the file into shared memory), as the command line reads packages.
 */
async function packageLoadRows(pkgBytes: Uint8Array): Promise<BenchRow[]> {
  const dir = mkdtempSync(join(SHM, 'svcpack-load-'));
  const file = join(dir, 'sp4.svcpkg');
  writeFileSync(file, pkgBytes);
  const pool = new HashPool();
  const sha256Many = (items: readonly Uint8Array[]) => pool.hashAll(items, { algorithm: 'sha256' });
  try {
    await Package.load(file, { sha256Many });
    const bench = new Bench({ iterations: 7, time: 0, warmup: true });
    bench
      .add('package load: hashes on the calling thread', async () => void (await Package.load(file)))
      .add(
        'package load: hashes in the worker pool',
        async () => void (await Package.load(file, { sha256Many })),
      );
    await bench.run();
    const [inline, pooled] = bench.tasks.map((t) => taskStats(t));
    return [
      ...bench.tasks.map((t) => ({
        suite: 'servicing',
        task: t.name,
        meanMs: taskStats(t).mean,
        samples: taskStats(t).samples,
      })),
      {
        suite: 'servicing',
        task: 'speed-up package load, pool vs calling thread',
        ratio: inline.mean / pooled.mean,
      },
    ];
  } finally {
    await pool.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

const INSTALL = 'install: svcpack (fork excluded)';
const INSTALL_BASELINE = 'install baseline: node:fs on tmpfs';
const UNINSTALL = 'uninstall: svcpack';
const UNINSTALL_BASELINE = 'uninstall baseline: node:fs on tmpfs';

function average(values: readonly number[]): number {
  return values.reduce((sum, value) => sum + value, 0) / values.length;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const half = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[half] : (sorted[half - 1] + sorted[half]) / 2;
}

/** Runs the servicing suite: `iterations` interleaved rounds (default 7). */
export async function runServicingBench(
  options: { imageFiles?: number; spFiles?: number; iterations?: number } = {},
): Promise<BenchRow[]> {
  const image = WinImage.create({ files: options.imageFiles ?? 50_000, seed: 1 });
  // Only the bytes, the id and the size are kept: the harness holds no package while tasks run.
  const { pkgBytes, spId, spFiles } = ((sp) => ({
    pkgBytes: sp.toBytes(),
    spId: sp.id,
    spFiles: sp.manifest.files.length,
  }))(generateServicePack(image, { level: 4, files: options.spFiles ?? 20_000, seed: 1 }));
  const rounds = options.iterations ?? 7;
  let fresh = image;
  let installed = image;
  let copy: HostCopy | undefined;
  const tasks: Array<{
    name: string;
    run: () => unknown;
    beforeEach: () => unknown;
    afterEach?: () => void;
  }> = [
    {
      name: INSTALL,
      run: async () => {
        const result = await install(fresh, Package.fromBytes(pkgBytes), { noRestart: true });
        if (result.code !== 3010 && result.code !== 0)
          throw new Error(`install failed: ${result.code} ${result.message}`);
      },
      beforeEach: () => {
        fresh = image.fork();
      },
      afterEach: () => {
        fresh = image;
      },
    },
    {
      name: INSTALL_BASELINE,
      run: () => scriptedInstall(copy!, pkgBytes, image),
      beforeEach: async () => {
        if (copy) rmSync(copy.root, { recursive: true, force: true });
        copy = await hostCopy(image);
      },
    },
    {
      name: UNINSTALL,
      run: async () => {
        const result = await uninstall(installed, spId, { noRestart: true });
        if (result.code !== 3010 && result.code !== 0)
          throw new Error(`uninstall failed: ${result.code} ${result.message}`);
      },
      beforeEach: async () => {
        installed = image.fork();
        await install(installed, Package.fromBytes(pkgBytes), { noRestart: true });
      },
      afterEach: () => {
        installed = image;
      },
    },
    {
      name: UNINSTALL_BASELINE,
      run: () => scriptedUninstall(copy!),
      beforeEach: async () => {
        if (copy) rmSync(copy.root, { recursive: true, force: true });
        copy = await hostCopy(image);
        scriptedInstall(copy, pkgBytes, image);
      },
    },
  ];
  // The machines are shared and their speed drifts over minutes, so the tasks take turns: each
  // round is a tinybench run of one sample per task. The first round also runs each task once
  // untimed (the JIT), and every run starts after a collection, so that neither side pays for the
  // other's garbage.
  const samples = new Map<string, number[]>(tasks.map((task) => [task.name, []]));
  for (let round = 0; round < rounds; round++) {
    const bench = new Bench({
      iterations: 1,
      time: 0,
      warmup: round === 0,
      warmupIterations: 1,
      warmupTime: 0,
    });
    for (const task of tasks) {
      bench.add(task.name, task.run, {
        beforeEach: async () => {
          await task.beforeEach();
          collectGarbage();
        },
        // what a task leaves behind is not kept alive through the next task's run
        afterEach: () => task.afterEach?.(),
      });
    }
    await bench.run();
    for (const task of bench.tasks) samples.get(task.name)!.push(taskStats(task).mean);
  }
  if (copy) rmSync(copy.root, { recursive: true, force: true });
  const mean = (name: string) => average(samples.get(name)!);
  const middle = (name: string) => median(samples.get(name)!);
  const rows: BenchRow[] = tasks.map((task) => ({
    suite: 'servicing',
    task: task.name,
    meanMs: mean(task.name),
    samples: rounds,
  }));
  rows.push(...(await packageLoadRows(pkgBytes)));
  // Each round's pair ran minutes apart at most, so its ratio is the least touched by the machine's drift.
  const roundRatios = samples
    .get(INSTALL_BASELINE)!
    .map((baseline, round) => baseline / samples.get(INSTALL)![round]);
  rows.push(
    {
      suite: 'servicing',
      task: 'speed-up install vs node:fs (target >= 2), means',
      ratio: mean(INSTALL_BASELINE) / mean(INSTALL),
    },
    {
      suite: 'servicing',
      task: `speed-up install vs node:fs, medians of ${rounds} rounds`,
      ratio: middle(INSTALL_BASELINE) / middle(INSTALL),
    },
    {
      suite: 'servicing',
      task: `speed-up install vs node:fs, median of the ${rounds} rounds' own ratios (${roundRatios.map((r) => r.toFixed(2)).join(', ')})`,
      ratio: median(roundRatios),
    },
    {
      suite: 'servicing',
      task: 'speed-up uninstall vs node:fs, means',
      ratio: mean(UNINSTALL_BASELINE) / mean(UNINSTALL),
    },
    {
      suite: 'servicing',
      task: `sizes: image ${options.imageFiles ?? 50_000} files, SP ${spFiles} files`,
    },
  );
  return rows;
}
