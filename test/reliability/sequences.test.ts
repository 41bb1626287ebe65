/**
 * fast-check sequences of installs, reinstalls, hotfixes, uninstalls, reboots, user writes, held
 * files and concurrent calls. Every reboot succeeds; a refused or failed call changes nothing (logs
 * aside); and from wherever a sequence ends, install + reboot + uninstall + reboot of a hotfix gives
 * the image back exactly (logs aside).
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { reboot } from '../../src/boot/index.js';
import { InputError, WinError } from '../../src/errors/index.js';
import type { ImageCore } from '../../src/image/index.js';
import { WinImage } from '../../src/machine/index.js';
import type { Package } from '../../src/package/index.js';
import { install, installedServicePack, uninstall } from '../../src/servicing/index.js';
import { forkCore } from '../helpers/recovery-sweep.js';
import { buildPackage, digestWithoutLogs } from '../servicing/helpers.js';
import { smallServer, tinyHotfix, tinyServicePack, tinyServicePack3 } from '../servicing/small-server.js';
import { recordFigure, rerun, scaled, yieldToEventLoop } from './figures.js';

const RUNS = scaled(400, 25);
const SUCCESS = [0, 3010, 1641];
const SYS = 'C:\\WINNT\\system32';
const FILES = [`${SYS}\\kernel32.dll`, `${SYS}\\notepad.exe`, `${SYS}\\spnew4.dll`, 'C:\\notes.txt'];
const FOLDERS = ['C:\\user', `${SYS}\\user`];

let base: ImageCore;
let packages: Record<string, Package>;
/** The round trip's hotfix for each service pack level: replaces a file the others touch, adds one. */
let roundTripHotfixes: Package[];

beforeAll(() => {
  base = smallServer();
  packages = { 'W2K-SP3': tinyServicePack3(), 'W2K-SP4': tinyServicePack(), Q123456: tinyHotfix() };
  roundTripHotfixes = [0, 3, 4].map((level) =>
    buildPackage(
      [
        { target: '%SystemRoot%\\system32\\notepad.exe', data: 'notepad Q777777', version: '5.0.2195.9999' },
        { target: '%SystemRoot%\\system32\\q777777.dll', data: 'Q777777', version: '5.0.2195.9999' },
      ],
      { id: 'Q777777', title: 'Hotfix Q777777', kind: 'hotfix', level, catalog: { name: 'Q777777.cat' } },
    ),
  );
});

type Step =
  | { kind: 'install'; id: string; switches: string }
  | { kind: 'uninstall'; id: string }
  | { kind: 'reboot'; mode: 'windows' | 'transactional' }
  | { kind: 'write'; path: number; text: string }
  | { kind: 'mkdir'; path: number }
  | { kind: 'hold'; path: number }
  | { kind: 'release'; which: number }
  | { kind: 'concurrent'; first: Step; second: Step };

const ids = fc.constantFrom('W2K-SP3', 'W2K-SP4', 'Q123456');
const servicing: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('install' as const),
    id: ids,
    switches: fc.constantFrom('', '-z', '-n -z', '-f -z', '-o'),
  }),
  fc.record({ kind: fc.constant('uninstall' as const), id: ids }),
);
/** What a caller does beside servicing. */
const caller: fc.Arbitrary<Step> = fc.oneof(
  fc.record({
    kind: fc.constant('reboot' as const),
    mode: fc.constantFrom('windows' as const, 'transactional' as const),
  }),
  fc.record({
    kind: fc.constant('write' as const),
    path: fc.nat(FILES.length - 1),
    text: fc.string({ maxLength: 8 }),
  }),
  fc.record({ kind: fc.constant('mkdir' as const), path: fc.nat(FOLDERS.length - 1) }),
  fc.record({ kind: fc.constant('hold' as const), path: fc.nat(FILES.length - 1) }),
  fc.record({ kind: fc.constant('release' as const), which: fc.nat(3) }),
);
const plain = fc.oneof(servicing, caller);
const step: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: plain, weight: 5 },
  {
    arbitrary: fc.record({ kind: fc.constant('concurrent' as const), first: plain, second: plain }),
    weight: 1,
  },
);

/** A refusal of the call itself: a Windows error or bad input, never a TypeError or RangeError. */
function refused(error: unknown): boolean {
  return error instanceof WinError || error instanceof InputError;
}

interface Run {
  image: ImageCore;
  pids: number[];
  reboots: number;
}

async function run(state: Run, s: Step): Promise<void> {
  const { image } = state;
  const win = WinImage.wrap(image);
  switch (s.kind) {
    case 'install': {
      const done = await install(image, packages[s.id], { switches: s.switches });
      if (done.code === 1641) state.reboots++;
      if (!SUCCESS.includes(done.code)) expect(done.plan, done.message).toBeDefined();
      return;
    }
    case 'uninstall': {
      const done = await uninstall(image, s.id);
      if (done.code === 1641) state.reboots++;
      return;
    }
    case 'reboot':
      reboot(image, { mode: s.mode }); // must not throw
      image.session.installMode = true;
      state.reboots++;
      return;
    case 'write':
      win.writeFile(FILES[s.path], s.text);
      return;
    case 'mkdir':
      win.mkdir(FOLDERS[s.path]);
      return;
    case 'hold':
      if (win.exists(FILES[s.path]))
        state.pids.push(win.startProcess('holder.exe', { holds: [FILES[s.path]] }));
      return;
    case 'release': {
      const [pid] = state.pids.splice(s.which % Math.max(state.pids.length, 1), 1);
      if (pid !== undefined && image.processTable.has(pid)) win.stopProcess(pid);
      return;
    }
    case 'concurrent': {
      const results = await Promise.allSettled([run(state, s.first), run(state, s.second)]);
      for (const result of results)
        if (result.status === 'rejected' && !refused(result.reason)) throw result.reason;
    }
  }
}

/** Runs a step; a refused step must leave the image as it was (logs aside). */
async function checkedStep(state: Run, s: Step): Promise<void> {
  const before = s.kind === 'concurrent' ? undefined : digestWithoutLogs(state.image);
  try {
    await run(state, s);
  } catch (error) {
    if (!refused(error)) throw error;
    if (before !== undefined)
      expect(digestWithoutLogs(state.image), `refused ${JSON.stringify(s)}`).toBe(before);
  }
}

describe('findings of the sequences', () => {
  test('two -n installs started together leave an image that boots: the second is refused with 1618', async () => {
    const image = forkCore(base);
    image.session.installMode = true;
    const first = install(image, packages['W2K-SP3'], { switches: '-n -z' });
    const second = install(image, packages['W2K-SP3'], { switches: '-n -z' });
    expect((await Promise.all([first, second])).map((done) => done.code)).toEqual([3010, 1618]);
    expect(() => reboot(image)).not.toThrow();
    const once = forkCore(base);
    once.session.installMode = true;
    expect((await install(once, packages['W2K-SP3'], { switches: '-n -z' })).code).toBe(3010);
    reboot(once);
    expect(digestWithoutLogs(image), 'as if installed once').toBe(digestWithoutLogs(once));
  });
});

describe('random sequences of servicing, reboots, user writes, held files and concurrent calls', () => {
  test(
    'every reboot succeeds, refusals change nothing, and a hotfix round trip from the end state gives it back',
    async () => {
      let sequences = 0;
      let steps = 0;
      let reboots = 0;
      await fc.assert(
        fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 12 }), async (sequence) => {
          await yieldToEventLoop();
          const state: Run = { image: forkCore(base), pids: [], reboots: 0 };
          state.image.session.installMode = true;
          for (const s of sequence) await checkedStep(state, s);
          for (const pid of state.pids) if (state.image.processTable.has(pid)) state.image.stopProcess(pid);
          reboot(state.image);
          reboot(state.image, { mode: 'transactional' });
          state.image.session.installMode = true;
          const settled = digestWithoutLogs(state.image);
          const level = installedServicePack(state.image);
          const hotfix = roundTripHotfixes.find((pkg) => pkg.manifest.level === level)!;
          const installed = await install(state.image, hotfix);
          expect(SUCCESS, installed.message).toContain(installed.code);
          reboot(state.image);
          state.image.session.installMode = true;
          const removed = await uninstall(state.image, 'Q777777');
          expect(SUCCESS, removed.message).toContain(removed.code);
          reboot(state.image);
          expect(digestWithoutLogs(state.image), 'install + reboot + uninstall + reboot').toBe(settled);
          sequences++;
          steps += sequence.length;
          reboots += state.reboots + 4;
        }),
        { numRuns: RUNS },
      );
      recordFigure({
        kind: 'sequences',
        what: 'servicing, reboots, user writes, held files, concurrent calls (fast-check, up to 12 steps)',
        tried: sequences,
        inner: steps,
        innerLabel: `steps (${reboots} reboots)`,
        command: rerun('test/reliability/sequences.test.ts'),
      });
    },
    scaled(1_500_000, 300_000),
  );
});
