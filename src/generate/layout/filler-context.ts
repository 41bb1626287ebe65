/** What the filler zones share: the generation state, free names and setup times. */
import type { Entry } from './entry.js';
import { isReservedName, type NameIndex } from './entry.js';
import type { PresetFacts } from './presets.js';
import type { Rng } from './random.js';

/** Shared state while files are generated. */
export interface FillContext {
  facts: PresetFacts;
  servicePack: number;
  rng: Rng;
  /** Names taken in each folder. */
  names: NameIndex;
  /** Upper-case names present in system32 or dllcache (a new system file must not clash with either). */
  systemNames: Set<string>;
  installTime: number;
  lastBoot: number;
  out: Entry[];
}

export type Zone = (ctx: FillContext, count: number) => void;
export type ExtTable = ReadonlyArray<readonly [string, number]>;

export const DAY = 86_400_000;
export const PROTECTED_EXT = new Set(['dll', 'exe', 'ocx', 'sys']);

export function extOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** A name not yet in `taken` (appends a number on a clash, skips device names); records it. */
export function freeName(taken: Set<string>, base: string, ext: string): string {
  for (let n = 0; ; n++) {
    const stem = n === 0 ? base : `${base}${n + 1}`;
    const name = ext === '' ? stem : `${stem}.${ext}`;
    const upper = name.toUpperCase();
    if (taken.has(upper) || isReservedName(name)) continue;
    taken.add(upper);
    return name;
  }
}

export function push(ctx: FillContext, entry: Entry): Entry {
  ctx.out.push(entry);
  return entry;
}

/** Setup-copied file times: created during setup, modified at the build date. */
export function setupTimes(ctx: FillContext, buildDate: number): { created: number; modified: number } {
  const created = ctx.installTime + ctx.rng.int(40 * 60_000);
  return { created, modified: buildDate - ctx.rng.int(3 * 3_600_000) };
}
