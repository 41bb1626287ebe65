/** The bulk filler that `files: N` adds: applications, user data, browser cache and installer cache. */
import {
  DEPARTMENTS,
  USERS,
  documentStem,
  randomGuid,
  randomToken,
  syllableName,
  weighted,
} from './names.js';
import type { PresetFacts } from './presets.js';
import { alignPortableExecutable, isPortableExecutable, sizeFor } from './sizes.js';
import { DAY, freeName, push, type ExtTable, type FillContext, type Zone } from './filler-context.js';

type AppKind = 'binary' | 'source' | 'perl' | 'python' | 'java' | 'web';

const APPS: ReadonlyArray<readonly [string, AppKind]> = [
  ['Microsoft Office\\Office', 'binary'],
  ['Microsoft Office\\Templates', 'web'],
  ['Adobe\\Acrobat 4.0\\Reader', 'binary'],
  ['WinZip', 'binary'],
  ['Norton AntiVirus', 'binary'],
  ['Microsoft SQL Server\\MSSQL\\Binn', 'binary'],
  ['Microsoft Visual Studio\\VC98\\Include', 'source'],
  ['Microsoft Visual Studio\\VC98\\MFC\\Include', 'source'],
  ['Microsoft Platform SDK\\Include', 'source'],
  ['Perl\\lib', 'perl'],
  ['Perl\\site\\lib', 'perl'],
  ['Python20\\Lib', 'python'],
  ['JavaSoft\\JRE\\1.3.1\\lib', 'java'],
  ['Veritas Software\\Backup Exec\\NT', 'binary'],
  ['Seagate Software\\Crystal Reports', 'binary'],
  ['Citrix\\ICA Client', 'binary'],
  ['Compaq\\Insight Manager\\Web', 'web'],
  ['Microsoft FrontPage\\bin', 'binary'],
  ['Real\\RealPlayer', 'binary'],
];

const APP_EXTS: Record<AppKind, ExtTable> = {
  binary: [
    ['dll', 30],
    ['exe', 8],
    ['ocx', 4],
    ['hlp', 6],
    ['chm', 3],
    ['dat', 12],
    ['ini', 10],
    ['txt', 8],
    ['cnt', 3],
    ['tlb', 4],
    ['reg', 4],
    ['log', 8],
  ],
  source: [
    ['h', 60],
    ['idl', 8],
    ['inc', 8],
    ['c', 6],
    ['cpp', 6],
    ['lib', 4],
    ['def', 4],
    ['rc', 2],
    ['mak', 2],
  ],
  perl: [
    ['pm', 70],
    ['pod', 15],
    ['pl', 15],
  ],
  python: [
    ['py', 50],
    ['pyc', 45],
    ['txt', 5],
  ],
  java: [
    ['class', 85],
    ['properties', 10],
    ['jar', 1],
    ['txt', 4],
  ],
  web: [
    ['htm', 30],
    ['gif', 30],
    ['jpg', 10],
    ['css', 8],
    ['js', 12],
    ['xml', 6],
    ['dot', 4],
  ],
};

const APP_SUBFOLDERS: Record<AppKind, readonly string[]> = {
  binary: ['', '', 'Plugins', 'Help', 'Resources', '1033', 'Data', 'Filters', 'Drivers', 'Setup'],
  source: ['', '', 'sys', 'gl', 'atl', 'crt', 'shared', 'win32', 'ddk', 'ole'],
  perl: [
    '',
    'File',
    'IO',
    'Net',
    'Text',
    'Tie',
    'Win32',
    'Pod',
    'ExtUtils',
    'Time',
    'Math',
    'Data',
    'HTTP',
    'LWP',
  ],
  python: ['', '', 'encodings', 'xml', 'lib-tk', 'test', 'distutils', 'curses'],
  java: ['', 'ext', 'security', 'fonts', 'images', 'cmm', 'i386', 'audio'],
  web: ['', 'images', 'scripts', 'styles', 'help', 'admin'],
};

function appName(ctx: FillContext, kind: AppKind, ext: string): string {
  const { rng } = ctx;
  switch (kind) {
    case 'perl':
    case 'java':
      return syllableName(rng, 3, true);
    case 'python':
      return syllableName(rng, 2, false) + (rng.next() < 0.3 ? '_' + syllableName(rng, 1, false) : '');
    case 'binary':
      return syllableName(rng, 2, false) + (isPortableExecutable(ext) && rng.next() < 0.3 ? '32' : '');
    default:
      return syllableName(rng, 2, false);
  }
}

interface AppState {
  version: string;
  installed: number;
  built: number;
}

function appState(ctx: FillContext, states: Map<string, AppState>, app: string): AppState {
  let state = states.get(app);
  if (!state) {
    const { rng } = ctx;
    const installed = ctx.installTime + (2 + rng.int(60)) * DAY + rng.int(DAY);
    state = {
      version: `${1 + rng.int(9)}.${rng.int(10)}.${rng.int(4000)}.${rng.int(1000)}`,
      installed,
      built: installed - (20 + rng.int(400)) * DAY,
    };
    states.set(app, state);
  }
  return state;
}

/** Installed applications under Program Files, in nested folders. */
export const applications: Zone = (ctx, count) => {
  const { rng } = ctx;
  const states = new Map<string, AppState>();
  let left = count;
  while (left > 0) {
    const [app, kind] = rng.pick(APPS);
    const subs = APP_SUBFOLDERS[kind];
    let folder = `Program Files\\${app}`;
    const depth = rng.int(3);
    for (let d = 0; d < depth; d++) {
      const sub = rng.pick(subs);
      if (sub !== '') folder += `\\${sub}`;
    }
    if (kind === 'perl' && rng.next() < 0.5) folder += `\\${syllableName(rng, 1, true)}`;
    const state = appState(ctx, states, app);
    const taken = ctx.names.folder('C', folder);
    const run = Math.min(left, rng.range(10, 120));
    for (let i = 0; i < run; i++) {
      const ext = weighted(rng, APP_EXTS[kind]);
      const name = freeName(taken, appName(ctx, kind, ext), ext);
      const pe = isPortableExecutable(ext);
      const created = state.installed + rng.int(600_000);
      push(ctx, {
        drive: 'C',
        folder,
        path: `${folder}\\${name}`,
        size: pe ? alignPortableExecutable(sizeFor(rng, ext)) : sizeFor(rng, ext),
        version: pe ? state.version : undefined,
        attributes: ['archive'],
        created,
        modified: state.built + rng.int(DAY),
      });
    }
    left -= run;
  }
};

const DATA_EXTS: ExtTable = [
  ['doc', 26],
  ['xls', 18],
  ['txt', 14],
  ['ppt', 4],
  ['pdf', 6],
  ['csv', 6],
  ['rtf', 3],
  ['msg', 6],
  ['jpg', 5],
  ['htm', 4],
  ['zip', 2],
  ['mdb', 1],
  ['bmp', 2],
  ['log', 3],
];

function dataFolder(ctx: FillContext): string {
  const { rng, facts } = ctx;
  const r = rng.next();
  if (r < 0.25) return `Data\\Users\\${rng.pick(USERS)}${rng.next() < 0.5 ? '\\My Documents' : ''}`;
  if (facts.server && r < 0.4) return `Shares\\Public\\${rng.pick(DEPARTMENTS)}`;
  const dept = rng.pick(DEPARTMENTS);
  const sub = rng.next() < 0.5 ? String(1997 + rng.int(4)) : syllableName(rng, 2, true);
  return rng.next() < 0.3 ? `Data\\${dept}\\Archive\\${sub}` : `Data\\${dept}\\${sub}`;
}

/** Office documents on the data volume, edited after they were created. */
export const userData: Zone = (ctx, count) => {
  const { rng } = ctx;
  let left = count;
  while (left > 0) {
    const folder = dataFolder(ctx);
    const taken = ctx.names.folder('D', folder);
    const run = Math.min(left, rng.range(5, 80));
    for (let i = 0; i < run; i++) {
      const ext = weighted(rng, DATA_EXTS);
      const name = freeName(taken, documentStem(rng), ext);
      const created = ctx.installTime + rng.int(100 * DAY);
      push(ctx, {
        drive: 'D',
        folder,
        path: `${folder}\\${name}`,
        size: sizeFor(rng, ext),
        attributes: ['archive'],
        created,
        modified: created + 60_000 + rng.int(15 * DAY),
      });
    }
    left -= run;
  }
};

function cacheRoot(facts: PresetFacts): string {
  return facts.family === 'nt4'
    ? 'WINNT\\Temporary Internet Files'
    : `${facts.profilesRoot}\\Administrator\\Local Settings\\Temporary Internet Files\\Content.IE5`;
}

/** The browser cache: many small pages and images in folders with random names. */
export const browserCache: Zone = (ctx, count) => {
  const { rng } = ctx;
  const exts: ExtTable = [
    ['gif', 35],
    ['jpg', 20],
    ['htm', 20],
    ['js', 10],
    ['css', 8],
    ['asp', 7],
  ];
  let left = count;
  while (left > 0) {
    const folder = `${cacheRoot(ctx.facts)}\\${randomToken(rng, 8)}`;
    const taken = ctx.names.folder('C', folder);
    const run = Math.min(left, rng.range(50, 250));
    for (let i = 0; i < run; i++) {
      const ext = weighted(rng, exts);
      pushCachedFile(ctx, folder, freeName(taken, `${syllableName(rng, 2, false)}[1]`, ext), ext);
    }
    left -= run;
  }
};

/** A file a cache keeps on C: (browser or installer), created within the first 100 days and not changed since. */
function pushCachedFile(ctx: FillContext, folder: string, name: string, ext: string): void {
  const time = ctx.installTime + ctx.rng.int(100 * DAY);
  push(ctx, {
    drive: 'C',
    folder,
    path: `${folder}\\${name}`,
    size: sizeFor(ctx.rng, ext),
    attributes: ['archive'],
    created: time,
    modified: time,
  });
}

/** Windows Installer's cache: packages and patches, and per-product icon folders. */
export const installerCache: Zone = (ctx, count) => {
  const { rng } = ctx;
  let left = count;
  while (left > 0) {
    const flat = rng.next() < 0.3;
    const folder = flat ? 'WINNT\\Installer' : `WINNT\\Installer\\${randomGuid(rng)}`;
    const taken = ctx.names.folder('C', folder);
    const run = Math.min(left, flat ? rng.range(1, 4) : rng.range(2, 12));
    for (let i = 0; i < run; i++) {
      const ext = flat ? (rng.next() < 0.7 ? 'msi' : 'msp') : rng.next() < 0.7 ? 'ico' : 'exe';
      const base = flat ? randomToken(rng, 6).toLowerCase() : syllableName(rng, 2, false);
      pushCachedFile(ctx, folder, freeName(taken, base, ext), ext);
    }
    left -= run;
  }
};
