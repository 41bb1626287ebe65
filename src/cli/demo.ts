import { generateServicePack } from '../generate/index.js';
import { WinImage, install, plan, uninstall } from '../machine/index.js';
import type { BootReport } from '../boot/index.js';
import { describeBoot } from './commands/boot.js';
import { describePlan } from './commands/servicing.js';
import type { CommandResult } from './output.js';

/** The two logs that servicing adds and that the round trip leaves behind. */
export const SERVICING_LOGS = ['C:\\WINNT\\Svcpack.log', 'C:\\WINNT\\Spuninst.log'];

/** Options of the demo (the main job). */
export interface DemoOptions {
  files?: number;
  spFiles?: number;
  seed?: number;
  progress?: (step: string, done: number, total: number) => void;
}

/**
 * The main job on the default image: generate SP4, plan it, install it while services hold some of
 * its files (3010, renames queued), reboot, uninstall, reboot, and check the digest is back where it
 * started (less the two logs).
 */
export async function runDemo(options: DemoOptions = {}): Promise<CommandResult> {
  const text: string[] = [];
  const started = performance.now();
  const image = WinImage.create({
    seed: options.seed ?? 1,
    ...(options.files ? { files: options.files } : {}),
  });
  const original = image.digest({ exclude: SERVICING_LOGS });
  const volumes = image.volumes();
  text.push(
    `image: Windows 2000 Server, ${image.services().filter((s) => s.state === 'running').length} services running, digest ${original}`,
  );
  const sp4 = generateServicePack(image, {
    level: 4,
    seed: options.seed ?? 1,
    ...(options.spFiles ? { files: options.spFiles } : {}),
  });
  text.push(`package: ${sp4.id}, ${sp4.manifest.files.length} files`);
  const planned = await plan(image, sp4);
  text.push('plan:', ...describePlan(planned).map((l) => `  ${l}`));
  const installed = await install(image, sp4, {
    noRestart: true,
    ...(options.progress ? { progress: options.progress } : {}),
  });
  const pending = image.pendingRenames();
  text.push(
    `install: result ${installed.code} (${installed.message}); ${pending.length} renames queued for the reboot`,
  );
  for (const entry of pending.slice(0, 5))
    text.push(`  ${entry.source} -> ${entry.replaceExisting ? '!' : ''}${entry.destination ?? '(delete)'}`);
  if (pending.length > 5) text.push(`  ... and ${pending.length - 5} more`);
  const csd = image.registry.getValue(
    'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
    'CSDVersion',
  )?.data;
  const boot1: BootReport = image.reboot();
  text.push(`reboot: ${describeBoot(boot1)[0]}; CSDVersion now '${String(csd ?? '')}'`);
  if (installed.workingFolder && image.exists(installed.workingFolder)) {
    const removed = image.removeTree(installed.workingFolder);
    text.push(
      `left behind by a restart outside update.exe's dialog: ${installed.workingFolder} (${removed} entries), deleted`,
    );
  }
  const installedDigest = image.digest({ exclude: SERVICING_LOGS });
  const removed = await uninstall(image, sp4.id, { noRestart: true });
  text.push(
    `uninstall: result ${removed.code} (${removed.message}); ${removed.queuedRenames} renames queued`,
  );
  const boot2 = image.reboot();
  text.push(`reboot: ${describeBoot(boot2)[0]}`);
  const final = image.digest({ exclude: SERVICING_LOGS });
  const same = final === original;
  text.push(
    `digest: ${original} -> ${installedDigest} -> ${final}: ${same ? 'back where it started' : 'DIFFERENT'}`,
  );
  text.push(`done in ${((performance.now() - started) / 1000).toFixed(2)} s`);
  return {
    data: {
      volumes,
      package: sp4.inspect(),
      plan: { files: planned.files.length, costing: planned.costing, refusal: planned.refusal },
      install: { code: installed.code, message: installed.message, queuedRenames: installed.queuedRenames },
      pendingRenames: pending.length,
      reboot: boot1.counts,
      uninstall: { code: removed.code, message: removed.message, queuedRenames: removed.queuedRenames },
      secondReboot: boot2.counts,
      digests: { original, installed: installedDigest, final },
      restored: same,
    },
    text,
    exit: same && installed.code === 3010 ? 0 : 1,
  };
}
