/**
 * Property: for generated service packs and hotfixes, whatever files are held open and whichever
 * restart choices the user makes, install then uninstall (with the reboots they ask for) gives back
 * the image as it was: files (bytes, versions, attributes), their times, and the registry.
 */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { reboot } from '../../src/boot/index.js';
import { generateServicePack } from '../../fixtures/index.js';
import type { WinImage } from '../../src/machine/index.js';
import { coreOf } from '../../src/machine/internal.js';
import { install, uninstall } from '../../src/servicing/index.js';
import { buildPackage, digestWithoutLogs, serverImage } from './helpers.js';

const SYSTEM32 = 'C:\\WINNT\\system32';

/** Each target's stored name, attributes and times (the digest leaves times and 8.3 names out). */
function timesOf(image: WinImage, paths: readonly string[]): string[] {
  return paths.map((path) => {
    if (!image.exists(path)) return `${path}: none`;
    const { name, shortName, attributes, createdFileTime, modifiedFileTime } = image.stat(path);
    return `${path}: ${name} ${shortName ?? ''} ${attributes.join(',')} ${createdFileTime} ${modifiedFileTime}`;
  });
}

const choice = fc.record({
  seed: fc.integer({ min: 1, max: 1000 }),
  level: fc.constantFrom(3, 4),
  hotfix: fc.boolean(),
  holdCount: fc.nat(3),
  installRestart: fc.constantFrom('now', 'later', 'later-then-reboot'),
  uninstallRestart: fc.constantFrom('now', 'later'),
});

describe('install then uninstall gives the image back (generated packages)', () => {
  test('digest, names, attributes and times', async () => {
    await fc.assert(
      fc.asyncProperty(choice, async (c) => {
        const image = serverImage();
        const core = coreOf(image);
        const sp = generateServicePack(core, { level: c.level, seed: c.seed, files: 40, inUseFraction: 0.2 });
        const pkg = c.hotfix
          ? buildPackage(
              sp.manifest.files.slice(0, 6).map((file) => ({
                target: file.target,
                data: sp.member(file.source),
                ...(file.version ? { version: file.version } : {}),
                ...(file.protected ? { protected: true } : {}),
              })),
              {
                id: 'Q555555',
                title: 'Hotfix Q555555',
                kind: 'hotfix',
                level: 0,
                catalog: { name: 'Q555555.cat' },
              },
            )
          : sp;
        const targets = pkg.manifest.files.map((file) => core.expand(file.target));
        const held = targets.filter((path) => image.exists(path)).slice(0, c.holdCount);
        for (const path of held) image.startProcess('holder.exe', { holds: [path] });
        const before = digestWithoutLogs(core);
        const times = timesOf(image, [
          ...targets,
          ...targets.map((t) => `${SYSTEM32}\\dllcache\\${t.slice(t.lastIndexOf('\\') + 1)}`),
        ]);

        const installed = await install(core, pkg, {
          restart: c.installRestart === 'now' ? 'now' : 'later',
          removeWorkingFolder: true,
        });
        expect([0, 3010, 1641], installed.message).toContain(installed.code);
        if (c.installRestart === 'later-then-reboot') reboot(core);
        core.session.installMode = true;
        const removed = await uninstall(core, pkg.id, { restart: c.uninstallRestart });
        expect([0, 3010, 1641], removed.message).toContain(removed.code);
        if (c.uninstallRestart === 'later' || c.installRestart === 'later') reboot(core);

        // a reboot ends the holders: compare with the image before, its holders ended too
        expect(digestWithoutLogs(core)).toBe(before);
        expect(
          timesOf(image, [
            ...targets,
            ...targets.map((t) => `${SYSTEM32}\\dllcache\\${t.slice(t.lastIndexOf('\\') + 1)}`),
          ]),
        ).toEqual(times);
      }),
      { numRuns: 12, seed: 20261207 },
    );
  }, 300_000);
});
