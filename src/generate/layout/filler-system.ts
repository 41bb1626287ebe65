/** The optional system files that bring a preset to its natural size. */
import { isReservedName } from './entry.js';
import { syllableName, systemStem, weighted } from './names.js';
import { alignPortableExecutable, isPortableExecutable, sizeFor } from './sizes.js';
import { resolveVersion } from './versions.js';
import {
  PROTECTED_EXT,
  extOf,
  freeName,
  push,
  setupTimes,
  type ExtTable,
  type FillContext,
  type Zone,
} from './filler-context.js';

const SYSTEM_EXTS: ExtTable = [
  ['dll', 70],
  ['exe', 12],
  ['ocx', 6],
  ['cpl', 4],
  ['tlb', 4],
  ['ax', 4],
];

/** System binaries in system32, each protected one with its dllcache copy. */
export const systemBinaries: Zone = (ctx, count) => {
  const { rng, facts } = ctx;
  const system32 = ctx.names.folder('C', 'WINNT\\system32');
  const dllcache = ctx.names.folder('C', 'WINNT\\system32\\dllcache');
  let left = count;
  let clashes = 0;
  while (left > 0) {
    const ext = weighted(rng, SYSTEM_EXTS);
    const stem = systemStem(rng) + (clashes > 20 ? String(rng.int(1000)) : '');
    const name = `${stem}.${ext}`;
    const upper = name.toUpperCase();
    if (ctx.systemNames.has(upper) || isReservedName(name)) {
      clashes++;
      continue;
    }
    clashes = 0;
    ctx.systemNames.add(upper);
    system32.add(upper);
    const { version, level } = resolveVersion(facts, 'os', name, ctx.servicePack);
    const date = level === 0 ? facts.rtmDate : facts.servicePacks[level - 1].date;
    const isProtected = facts.fileProtection && PROTECTED_EXT.has(ext) && left >= 2;
    const file = push(ctx, {
      drive: 'C',
      folder: 'WINNT\\system32',
      path: `WINNT\\system32\\${name}`,
      size: alignPortableExecutable(sizeFor(rng, ext)),
      version,
      attributes: ['archive'],
      protected: isProtected || undefined,
      ...setupTimes(ctx, date),
    });
    left--;
    if (isProtected) {
      dllcache.add(upper);
      push(ctx, {
        ...file,
        folder: 'WINNT\\system32\\dllcache',
        path: `WINNT\\system32\\dllcache\\${name}`,
        protected: undefined,
        copyOf: file,
      });
      left--;
    }
  }
};

const INF_PREFIXES =
  'mdm net prn usb scsi disp snd wdma mon kbd msm hid pcmcia ir tape image modem ports ras sta'.split(' ');

/** Device INFs, each with its precompiled `.PNF`. */
export const infFiles: Zone = (ctx, count) => {
  const { rng } = ctx;
  const folder = 'WINNT\\inf';
  const taken = ctx.names.folder('C', folder);
  let left = count;
  while (left > 0) {
    const base = freeName(taken, rng.pick(INF_PREFIXES) + syllableName(rng, 1, false), 'inf');
    const stem = base.slice(0, -4);
    const inf = push(ctx, {
      drive: 'C',
      folder,
      path: `WINNT\\inf\\${base}`,
      size: sizeFor(rng, 'inf'),
      attributes: ['archive'],
      ...setupTimes(ctx, ctx.facts.rtmDate),
    });
    left--;
    if (left > 0 && !taken.has(`${stem}.PNF`.toUpperCase())) {
      taken.add(`${stem}.PNF`.toUpperCase());
      const compiled = inf.created + 1000 + rng.int(60_000);
      push(ctx, {
        drive: 'C',
        folder,
        path: `WINNT\\inf\\${stem}.PNF`,
        size: sizeFor(rng, 'pnf'),
        attributes: ['archive'],
        created: compiled,
        modified: compiled,
      });
      left--;
    }
  }
};

interface FlatZone {
  drive: string;
  folder: (ctx: FillContext) => string;
  exts: ExtTable;
  name: (ctx: FillContext, ext: string) => string;
  times: (ctx: FillContext, folder: string) => { created: number; modified: number };
  version?: (ctx: FillContext, folder: string, name: string) => string | undefined;
  perFolder: readonly [number, number];
}

/** Files spread over folders that `spec.folder` picks, a run of files per folder. */
function flatZone(spec: FlatZone): Zone {
  return (ctx, count) => {
    const { rng } = ctx;
    let left = count;
    while (left > 0) {
      const folder = spec.folder(ctx);
      const taken = ctx.names.folder(spec.drive, folder);
      const run = Math.min(left, rng.range(spec.perFolder[0], spec.perFolder[1]));
      for (let i = 0; i < run; i++) {
        const ext = weighted(rng, spec.exts);
        const name = freeName(taken, spec.name(ctx, ext), ext);
        const pe = isPortableExecutable(ext);
        const size = sizeFor(rng, ext);
        push(ctx, {
          drive: spec.drive,
          folder,
          path: `${folder}\\${name}`,
          size: pe ? alignPortableExecutable(size) : size,
          version: spec.version?.(ctx, folder, name),
          attributes: ['archive'],
          ...spec.times(ctx, folder),
        });
      }
      left -= run;
    }
  };
}

const lowerName = (ctx: FillContext): string => syllableName(ctx.rng, 2, false);
const setupCopy = (ctx: FillContext): { created: number; modified: number } =>
  setupTimes(ctx, ctx.facts.rtmDate);

export const helpFiles = flatZone({
  drive: 'C',
  folder: (ctx) => (ctx.rng.next() < 0.6 ? 'WINNT\\Help' : `WINNT\\Help\\${syllableName(ctx.rng, 1, true)}`),
  exts: [
    ['chm', 60],
    ['hlp', 30],
    ['cnt', 10],
  ],
  name: lowerName,
  times: setupCopy,
  perFolder: [5, 60],
});

export const wbemFiles = flatZone({
  drive: 'C',
  folder: () => 'WINNT\\system32\\wbem',
  exts: [
    ['mof', 50],
    ['mfl', 35],
    ['dll', 15],
  ],
  name: lowerName,
  times: setupCopy,
  version: (_ctx, _folder, name) => (extOf(name) === 'dll' ? '1.50.1085.0' : undefined),
  perFolder: [50, 50],
});

export const fontFiles = flatZone({
  drive: 'C',
  folder: () => 'WINNT\\Fonts',
  exts: [
    ['ttf', 70],
    ['fon', 30],
  ],
  name: lowerName,
  times: setupCopy,
  perFolder: [50, 50],
});

export const mediaFiles = flatZone({
  drive: 'C',
  folder: (ctx) => (ctx.rng.next() < 0.5 ? 'WINNT\\Media' : 'WINNT\\Cursors'),
  exts: [
    ['wav', 40],
    ['cur', 35],
    ['ani', 25],
  ],
  name: lowerName,
  times: setupCopy,
  perFolder: [5, 30],
});

export const sharedFiles = flatZone({
  drive: 'C',
  folder: (ctx) => `Program Files\\Common Files\\Microsoft Shared\\${syllableName(ctx.rng, 1, true)}`,
  exts: [
    ['dll', 60],
    ['exe', 10],
    ['dat', 15],
    ['hlp', 15],
  ],
  name: lowerName,
  times: setupCopy,
  version: (ctx, _folder, name) => (isPortableExecutable(extOf(name)) ? ctx.facts.browserVersion : undefined),
  perFolder: [3, 25],
});
