/**
 * Load against save in plain `node`, without the huge-page tunable (docs/performance.md advises it
 * for large images; neither a user's own process nor the `svcpack` command sets it): `node --expose-gc
 * dist/bench/scale-loadsave.js FILE ROUNDS` loads FILE, then saves and loads the image in alternating
 * rounds, timing each (wall and the process's CPU, worker threads included), and prints `LOADSAVE `
 * and JSON. `runLoadSave` runs it in a child process, with or without the tunable.
 */
import { runForLine } from './child-line.js';
import { readFileSync, rmSync, statSync, utimesSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { pathToFileURL } from 'node:url';
import { WinImage } from '../src/machine/index.js';
import { watchRss } from './rss-watch.js';
import { median } from './median.js';

/** Medians of the rounds, in milliseconds. */
export interface LoadSaveResult {
  rounds: number;
  saveMs: number;
  saveCpuMs: number;
  loadMs: number;
  loadCpuMs: number;
  /**
   * The floor under any load that keeps the bytes: the file read into fresh memory and passed over
   * once (CRC-32), nothing decoded.
   */
  readMs: number;
  readCpuMs: number;
  /** Bytes each round's save wrote: the whole file, never an append to the file just loaded. */
  savedBytes: number[];
  /** Peak RSS over all the rounds, and the RSS before the first. */
  peakBytes: number;
  startBytes: number;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

/** Runs `work` after a full GC: its result, wall time and process CPU time. */
export async function timed<T>(
  work: () => T | Promise<T>,
): Promise<{ result: T; ms: number; cpuMs: number }> {
  gc();
  const cpu = process.cpuUsage();
  const start = performance.now();
  const result = await work();
  const ms = performance.now() - start;
  const used = process.cpuUsage(cpu);
  return { result, ms, cpuMs: (used.user + used.system) / 1000 };
}

/**
 * Moves the modification time of the file an image was loaded from on by a second: a save of the
 * image to another path is then whole, not a copy of that file with an append (format-copy.ts).
 * Returns what puts it back.
 */
function moveModificationTime(file: string): () => void {
  const { atimeMs, mtimeMs } = statSync(file);
  utimesSync(file, atimeMs / 1000, mtimeMs / 1000 + 1);
  return () => utimesSync(file, atimeMs / 1000, mtimeMs / 1000);
}

async function loadSaveRounds(file: string, rounds: number): Promise<LoadSaveResult> {
  // two paths taken in turn: a save to the file the image was loaded from would append (format 8),
  // and one to another path would copy it and append while it is unchanged (touched to prevent it)
  const copies = [`${file}.rounds0.svcimg`, `${file}.rounds1.svcimg`];
  let image: WinImage | undefined = await WinImage.load(file);
  const restore = moveModificationTime(file);
  const watch = watchRss();
  const saves: { ms: number; cpuMs: number; result: number }[] = [];
  const loads: { ms: number; cpuMs: number }[] = [];
  const reads: { ms: number; cpuMs: number }[] = [];
  let memory: { peakBytes: number; startBytes: number };
  try {
    memory = await watch.measure(async () => {
      for (let round = 0; round < rounds; round++) {
        const loaded: WinImage = image!;
        const copy = copies[round % 2];
        if (round > 0) moveModificationTime(copies[(round + 1) % 2]);
        saves.push(await timed(() => loaded.save(copy)));
        image = undefined;
        const load = await timed(() => WinImage.load(copy));
        image = load.result;
        loads.push(load);
        reads.push(await timed(async () => crc32(readFileSync(copy))));
      }
    });
  } finally {
    await watch.close();
    restore();
    for (const copy of copies) rmSync(copy, { force: true });
  }
  return {
    peakBytes: memory.peakBytes,
    startBytes: memory.startBytes,
    rounds,
    savedBytes: saves.map((s) => s.result),
    saveMs: median(saves.map((s) => s.ms)),
    saveCpuMs: median(saves.map((s) => s.cpuMs)),
    loadMs: median(loads.map((l) => l.ms)),
    loadCpuMs: median(loads.map((l) => l.cpuMs)),
    readMs: median(reads.map((r) => r.ms)),
    readCpuMs: median(reads.map((r) => r.cpuMs)),
  };
}

const SCRIPT = new URL(import.meta.url).pathname;

/** Runs the rounds in a child `node`: `hugePages` false removes the tunable from its environment. */
export function runLoadSave(file: string, rounds: number, hugePages: boolean): Promise<LoadSaveResult> {
  const env = { ...process.env };
  if (hugePages) env.GLIBC_TUNABLES = 'glibc.malloc.hugetlb=1';
  else delete env.GLIBC_TUNABLES;
  return runForLine(['--expose-gc', SCRIPT, file, String(rounds)], 'LOADSAVE', env);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const [file, rounds = '3'] = process.argv.slice(2);
  console.log(`LOADSAVE ${JSON.stringify(await loadSaveRounds(file, Number(rounds)))}`);
}
