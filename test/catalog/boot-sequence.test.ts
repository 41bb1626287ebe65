/**
 * One boot sequence (issue 15): every reboot, whoever asks for it, runs the boot layer's steps and
 * then the ones the catalog layer registered (Windows File Protection's check of the files the queue
 * touched, then the `SFCScan` scan). Each caller is proved here by what those steps leave behind.
 */
import { describe, expect, it } from 'vitest';
import { bootSequence, recordReboot, replayTrace, setAllowProtectedRenames } from '../../src/boot/index.js';
import { FILE_PROTECTION_BOOT_STEPS, type ProtectedBootReport } from '../../src/catalog/index.js';
import type { ImageCore } from '../../src/image/index.js';
import { WinImage } from '../../src/machine/index.js';
import { coreOf } from '../../src/machine/internal.js';
import { writeFile } from '../../src/ops/index.js';
import { createCluster, restartNode, runScenario } from '../../src/scenarios/index.js';
import { install, uninstall } from '../../src/servicing/index.js';
import { serverImage, smallServicePack } from '../servicing/helpers.js';

const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
const RESTORED = 64002;

/** What `armBootChecks` set up, to be found undone after the boot. */
interface Armed {
  /** Changed behind protection's back: only the `SFCScan` scan puts it back. */
  tampered: string;
  /** Replaced by a queued rename with uncatalogued content: protection's check of touched files puts it back. */
  renamedOver: string;
  originals: Map<string, Buffer>;
}

/** Two protected DLLs no process has loaded, each with its dllcache copy. */
function idleProtectedDlls(image: ImageCore): string[] {
  const dllcache = image.expand('%SystemRoot%\\system32\\dllcache');
  const found: string[] = [];
  for (const path of image.protectedPaths) {
    const entry = image.find(path);
    if (!entry || entry.mappedBy !== 0 || !/\\SYSTEM32\\[^\\]+\.DLL$/.test(path)) continue;
    if (image.exists(`${dllcache}\\${entry.name}`)) found.push(image.pathOf(entry));
    if (found.length === 2) return found;
  }
  throw new Error('fewer than two idle protected DLLs with a dllcache copy in the image');
}

/** `SFCScan` = 2 with a tampered protected file, and a queued rename over another protected file. */
function armBootChecks(core: ImageCore): Armed {
  const image = WinImage.wrap(core);
  const [tampered, renamedOver] = idleProtectedDlls(core);
  const originals = new Map([tampered, renamedOver].map((path) => [path, image.readFile(path)]));
  writeFile(core, tampered, Buffer.from('patched offline'));
  image.registry.setValue(WINLOGON, 'SFCScan', 'REG_DWORD', 2);
  const bait = `${renamedOver.slice(0, renamedOver.lastIndexOf('\\'))}\\unsigned.tmp`;
  image.writeFile(bait, 'an uncatalogued replacement');
  setAllowProtectedRenames(core);
  image.moveFileEx(bait, renamedOver, 1 | 4);
  return { tampered, renamedOver, originals };
}

/** The scan ran once (`SFCScan` back to 0) and both protected files are back, each with event 64002. */
function expectBootChecksRan(core: ImageCore, armed: Armed, report?: ProtectedBootReport): void {
  expect(core.registry.getValue(WINLOGON, 'SFCScan')?.data).toBe(0);
  for (const [path, original] of armed.originals) expect(core.readFile(path).equals(original)).toBe(true);
  const restored = core.events.filter((e) => e.eventId === RESTORED).map((e) => e.message);
  expect(restored.filter((m) => m.includes(armed.tampered))).toHaveLength(1);
  expect(restored.filter((m) => m.includes(armed.renamedOver))).toHaveLength(1);
  // The renamed-over file was put back by the check of the touched files, before the scan ran.
  if (report) expect(report.sfcScan?.restored.map((r) => r.path)).toEqual([armed.tampered]);
}

describe('one boot sequence for every reboot (issue 15)', () => {
  it('the sequence is the boot layer steps, then the catalog layer registered ones, in order', () => {
    expect(bootSequence()).toEqual([
      'shutdown',
      'session manager',
      'event log',
      'automatic services',
      ...FILE_PROTECTION_BOOT_STEPS,
    ]);
  });

  it('image.reboot() runs the file protection check and the SFCScan scan', () => {
    const image = WinImage.create();
    const armed = armBootChecks(coreOf(image));
    expectBootChecksRan(coreOf(image), armed, image.reboot());
  });

  it('an install that restarts (1641) runs them too: SFCScan=2 is no longer left set', async () => {
    const image = serverImage();
    const armed = armBootChecks(coreOf(image));
    const result = await install(coreOf(image), smallServicePack());
    expect(result.code, result.message).toBe(1641);
    expectBootChecksRan(coreOf(image), armed, result.rebooted);
  });

  it('an uninstall that restarts (1641) runs them too', async () => {
    const image = serverImage();
    expect((await install(coreOf(image), smallServicePack())).code).toBe(1641);
    coreOf(image).session.installMode = true;
    const armed = armBootChecks(coreOf(image));
    const result = await uninstall(coreOf(image), 'W2K-SP4');
    expect(result.code, result.message).toBe(1641);
    expectBootChecksRan(coreOf(image), armed, result.rebooted);
  });

  it('a scenario reboot step runs them too', async () => {
    const image = WinImage.create();
    const armed = armBootChecks(coreOf(image));
    const report = await runScenario(
      { steps: [{ create: { name: 'A' } }, { reboot: { on: 'A' } }] },
      { createImage: () => coreOf(image) },
    );
    expect(report.steps.map((s) => s.status)).toEqual(['ok', 'ok']);
    expectBootChecksRan(coreOf(image), armed);
  });

  it('restarting a cluster node runs them too', () => {
    const a = coreOf(WinImage.create());
    const b = coreOf(WinImage.create());
    const cluster = createCluster({
      nodes: [
        { name: 'A', image: a },
        { name: 'B', image: b },
      ],
      groups: [{ name: 'Files', preferredOwners: ['A', 'B'] }],
      anyEdition: true,
    });
    const armed = armBootChecks(b);
    expectBootChecksRan(b, armed, restartNode(cluster, 'B'));
  });

  it('replaying a trace runs them too, as the recorded reboot did', () => {
    const recorded = WinImage.create();
    const armed = armBootChecks(coreOf(recorded));
    const replayed = recorded.fork();
    const { report, trace } = recordReboot(coreOf(recorded));
    expectBootChecksRan(coreOf(recorded), armed, report);
    const replay = replayTrace(coreOf(replayed), trace);
    expect(replay.divergences).toEqual([]);
    expectBootChecksRan(coreOf(replayed), armed, replay.report);
  });
});
