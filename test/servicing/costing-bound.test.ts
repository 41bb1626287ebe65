import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import type { DriveVolume, ImageCore } from '../../src/image/index.js';
import type { AddRegInstruction } from '../../src/package/index.js';
import { install, plan, type InstallOptions, type InstallPlan } from '../../src/servicing/index.js';
import { smallImage } from '../helpers/small-image.js';
import { buildPackage, serverImage, type TestFile } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

/** What a random case installs: on which machine, which files, which registry values, with which switches. */
interface Case {
  server: boolean;
  hotfix: boolean;
  files: Array<{ slot: number; size: number; held: boolean }>;
  values: Array<{ name: string; value: string }>;
  options: Pick<InstallOptions, 'noBackup' | 'noRestart' | 'method'>;
}

const SIZES = [0, 1, 511, 4095, 4096, 4097, 12_000, 70_000, 300_000];

const caseArbitrary: fc.Arbitrary<Case> = fc.record({
  server: fc.boolean(),
  hotfix: fc.boolean(),
  files: fc.array(fc.record({ slot: fc.nat(40), size: fc.constantFrom(...SIZES), held: fc.boolean() }), {
    minLength: 1,
    maxLength: 10,
  }),
  values: fc.array(fc.record({ name: fc.string({ maxLength: 40 }), value: fc.string({ maxLength: 300 }) }), {
    maxLength: 4,
  }),
  options: fc.record({
    noBackup: fc.boolean(),
    noRestart: fc.boolean(),
    method: fc.constantFrom('local' as const, 'share' as const),
  }),
});

/** The files a slot can name: existing ones (replaced) and new ones on C: and D: (smallImage). */
function smallTargets(): string[] {
  return [
    'C:\\WINNT\\system32\\kernel32.dll',
    'C:\\WINNT\\system32\\spoolsv.exe',
    'C:\\WINNT\\system32\\drivers\\tcpip.sys',
    'C:\\WINNT\\win.ini',
    'D:\\Data\\report.txt',
    ...Array.from({ length: 12 }, (_, i) => `C:\\WINNT\\system32\\new${i}.dll`),
    ...Array.from({ length: 12 }, (_, i) => `C:\\Program Files\\App${i % 3}\\Sub ${i}\\x${i}.dll`),
    ...Array.from({ length: 12 }, (_, i) => `D:\\Data\\new ${i}.bin`),
  ];
}

/** Existing system32 files of the default server (protected ones have dllcache copies), then new ones. */
function serverTargets(core: ImageCore): string[] {
  const system32 = core.expand('%SystemRoot%\\system32');
  const existing = [...(core.find(system32)?.children?.values() ?? [])]
    .filter((entry) => !entry.isDir)
    .slice(0, 20)
    .map((entry) => `${system32}\\${entry.name}`);
  return [...existing, ...Array.from({ length: 21 }, (_, i) => `${system32}\\added${i}.dll`)];
}

function packageFor(core: ImageCore, c: Case, targets: readonly string[]) {
  const seen = new Set<string>();
  const files: TestFile[] = [];
  for (const { slot, size } of c.files) {
    const target = targets[slot % targets.length];
    if (seen.has(target.toUpperCase())) continue;
    seen.add(target.toUpperCase());
    files.push({ target, data: new Uint8Array(size).fill(files.length + 1), version: '5.0.2195.9999' });
  }
  const registry: AddRegInstruction[] = c.values.map(({ name, value }, i) => ({
    op: 'AddReg',
    root: 'HKLM',
    key: `SOFTWARE\\Svcpack test\\${i}`,
    name,
    flags: 0,
    value,
  }));
  const edition = core.registry.getValue(
    'HKLM\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions',
    'ProductType',
  );
  const extra = c.hotfix
    ? { id: 'Q123456', kind: 'hotfix' as const, level: undefined, title: 'Q123456', catalog: undefined }
    : {};
  return buildPackage(files, { ...extra, registry, ...(edition ? {} : { editions: ['Server'] }) });
}

/** Each volume's free space set to exactly its peak in `planned` (the capacity moved, the files left as they are). */
function freeExactlyPeak(core: ImageCore, planned: InstallPlan): void {
  for (const volume of core.allVolumes()) {
    const cost = planned.costing.volumes.find((v) => v.letter === volume.letter);
    (volume as { capacity: number }).capacity = volume.used + (cost?.peak ?? 0);
  }
}

/** Records the most each volume uses from now on. */
function watchUse(volumes: readonly DriveVolume[]): () => Map<string, number> {
  const most = new Map<string, number>();
  for (const volume of volumes) {
    let used = volume.used;
    const start = used;
    most.set(volume.letter, 0);
    Object.defineProperty(volume, 'used', {
      configurable: true,
      get: () => used,
      set: (value: number) => {
        used = value;
        most.set(volume.letter, Math.max(most.get(volume.letter)!, value - start));
      },
    });
  }
  return () => most;
}

describe("the plan's peak bounds what the install uses", () => {
  test('with exactly the peak free on every volume, an install never runs out of space and uses at most the peak (SP and hotfix, -n, -z, share)', async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary, async (c) => {
        const core = c.server ? coreOf(serverImage()) : smallImage();
        const targets = c.server ? serverTargets(core) : smallTargets();
        const pkg = packageFor(core, c, targets);
        for (const { slot, held } of c.files) {
          const entry = core.find(targets[slot % targets.length]);
          if (held && entry && !entry.isDir) core.startProcess('holder.exe', { holds: [core.pathOf(entry)] });
        }
        // the free space decides the working volume, so settle on a plan that fits exactly
        let planned = await plan(core, pkg, c.options);
        for (let round = 0; round < 4 && !planned.refusal; round++) {
          freeExactlyPeak(core, planned);
          const again = await plan(core, pkg, c.options);
          const same = JSON.stringify(again.costing) === JSON.stringify(planned.costing);
          planned = again;
          if (same) break;
        }
        fc.pre(planned.refusal === undefined);
        for (const volume of planned.costing.volumes) expect(volume.free).toBe(volume.peak);
        const mostUsed = watchUse(core.allVolumes());
        const result = await install(core, pkg, c.options);
        expect(result.message).not.toMatch(/DISK_FULL/);
        expect([0, 1641, 3010]).toContain(result.code);
        for (const volume of planned.costing.volumes) {
          expect(mostUsed().get(volume.letter), `${volume.letter}: used at most`).toBeLessThanOrEqual(
            volume.peak,
          );
        }
      }),
      { numRuns: 60, seed: 14 },
    );
  }, 120_000);
});
