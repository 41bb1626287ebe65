/**
 * Power cuts at every primitive change of installs, uninstalls and boots, then at every change of
 * the recovery that the next boot runs (full scale under `npm run reliability`; a sample in CI).
 */
import { beforeAll, describe, expect, test } from 'vitest';
import { reboot } from '../../src/boot/index.js';
import { PowerCut } from '../../src/errors/index.js';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { opLog } from '../../src/ops/index.js';
import type { Package } from '../../src/package/index.js';
import { install, uninstall, type InstallOptions } from '../../src/servicing/index.js';
import { forkCore, sweepCutsInRecovery } from '../helpers/recovery-sweep.js';
import { smallServer, tinyHotfix, tinyServicePack, tinyServicePack3 } from '../servicing/small-server.js';
import { FULL, recordFigure, rerun, scaled } from './figures.js';

type Mode = 'windows' | 'transactional';
const FILE = 'test/reliability/power-cuts.test.ts';
const MODES: Mode[] = scaled(['windows', 'transactional'], ['windows']);
/** In CI: every 5th cut of the operation, every 3rd change of each recovery (offsets vary). */
const STRIDES = scaled({ cutEvery: 1, recoveryCutEvery: 1 }, { cutEvery: 5, recoveryCutEvery: 3 });

let base: ImageCore;
let withSp3: ImageCore;
let withSp4: ImageCore;
let withHotfix: ImageCore;
let pendingRenames: ImageCore;

async function installed(from: ImageCore, pkg: Package): Promise<ImageCore> {
  const image = forkCore(from);
  const done = await install(image, pkg);
  expect([0, 1641], done.message).toContain(done.code);
  image.session.installMode = true;
  return image;
}

beforeAll(async () => {
  base = smallServer();
  withSp3 = await installed(base, tinyServicePack3());
  withSp4 = await installed(base, tinyServicePack());
  withHotfix = await installed(base, tinyHotfix());
  pendingRenames = forkCore(base);
  expect((await install(pendingRenames, tinyServicePack(), { switches: '-z' })).code).toBe(3010);
});

const budget = (powerCutAfter: number | undefined) => (powerCutAfter === undefined ? {} : { powerCutAfter });

interface Operation {
  what: string;
  setup: () => ImageCore;
  act: (image: ImageCore, powerCutAfter?: number) => Promise<{ code: number; message: string }>;
  outcome: 'old' | 'new';
}

const installing = (from: () => ImageCore, pkg: () => Package, options: InstallOptions = {}) => ({
  setup: () => forkCore(from()),
  act: (image: ImageCore, powerCutAfter?: number) =>
    install(image, pkg(), { ...options, ...budget(powerCutAfter) }),
});
const uninstalling = (from: () => ImageCore, id: string) => ({
  setup: () => forkCore(from()),
  act: (image: ImageCore, powerCutAfter?: number) => uninstall(image, id, budget(powerCutAfter)),
});

const operations: Operation[] = [
  { what: 'install a service pack, restart now', ...installing(() => base, tinyServicePack), outcome: 'old' },
  {
    what: 'install a service pack with -z (no restart)',
    ...installing(() => base, tinyServicePack, { switches: '-z' }),
    outcome: 'old',
  },
  {
    what: 'install a service pack with -n (no backup: rolled forward)',
    ...installing(() => base, tinyServicePack, { switches: '-n -z' }),
    outcome: 'new',
  },
  { what: 'install a hotfix', ...installing(() => base, tinyHotfix), outcome: 'old' },
  { what: 'install SP4 over SP3', ...installing(() => withSp3, tinyServicePack), outcome: 'old' },
  { what: 'uninstall a service pack', ...uninstalling(() => withSp4, 'W2K-SP4'), outcome: 'old' },
  { what: 'uninstall a hotfix', ...uninstalling(() => withHotfix, 'Q123456'), outcome: 'old' },
];

describe('power cuts inside the recovery of a cut install or uninstall', () => {
  for (const mode of MODES) {
    for (const operation of operations) {
      const name = `${operation.what} (${mode} boots): every cut, then every cut of its recovery, then a clean boot: exactly the old or the new image`;
      test(name, async () => {
        const result = await sweepCutsInRecovery({
          setup: operation.setup,
          act: async (image, powerCutAfter) => {
            const done = await operation.act(image, powerCutAfter);
            expect([0, 3010, 1641], done.message).toContain(done.code);
          },
          mode,
          ...STRIDES,
        });
        expect(result.cuts).toBeGreaterThan(scaled(10, 2));
        expect(result.recoveryCuts).toBeGreaterThan(0);
        expect([...result.outcomes]).toEqual([operation.outcome]);
        recordFigure({
          kind: 'power cut',
          what: `${operation.what}, ${mode} boots`,
          tried: result.cuts,
          inner: result.recoveryCuts,
          innerLabel: 'cuts inside recovery',
          command: rerun(FILE, operation.what),
        });
      });
    }
  }
});

function bootChanges(image: ImageCore, mode: Mode): number {
  const copy = forkCore(image);
  const start = opLog(copy).position;
  reboot(copy, { mode });
  return opLog(copy).position - start;
}

describe('power cuts during a boot that runs pending renames', () => {
  test('transactional boot: every cut, then every cut of its recovery, then a clean boot: exactly the new image', async () => {
    const result = await sweepCutsInRecovery({
      setup: () => forkCore(pendingRenames),
      act: (image, powerCutAfter) => reboot(image, { mode: 'transactional', ...budget(powerCutAfter) }),
      mode: 'transactional',
    });
    expect(result.cuts).toBe(bootChanges(pendingRenames, 'transactional'));
    expect([...result.outcomes]).toEqual(['new']);
    recordFigure({
      kind: 'power cut',
      what: 'boot running the pending renames of install -z, transactional mode',
      tried: result.cuts,
      inner: result.recoveryCuts,
      innerLabel: 'cuts inside recovery',
      command: rerun(FILE, 'transactional boot'),
    });
  });

  test('windows boot: after every cut the next boot succeeds and ends in the new image or reports what it lost', () => {
    const expected = forkCore(pendingRenames);
    reboot(expected);
    const newDigest = digestImage(expected);
    const changes = bootChanges(pendingRenames, 'windows');
    let reportedLosses = 0;
    for (let k = 0; k < changes; k++) {
      const image = forkCore(pendingRenames);
      expect(() => reboot(image, { powerCutAfter: k })).toThrow(PowerCut);
      const next = reboot(image);
      expect(image.journal).toBeUndefined();
      if (next.lost?.length) reportedLosses++;
      else expect(digestImage(image), `cut after ${k} of ${changes}`).toBe(newDigest);
      expect(reboot(image).lost, 'a loss is reported once').toBeUndefined();
    }
    expect(changes).toBeGreaterThan(2);
    recordFigure({
      kind: 'power cut',
      what: 'boot running the pending renames of install -z, windows mode',
      tried: changes,
      inner: reportedLosses,
      innerLabel: 'cuts whose loss the next boot reported',
      command: rerun(FILE, 'windows boot'),
    });
  });
});

test('the sample is a sample: the full suite sweeps every cut', () => {
  expect(STRIDES.cutEvery === 1).toBe(FULL);
});
