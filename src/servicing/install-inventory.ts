/** Steps 3 to 5: the inventory of the files, the licence and the configuration, as Svcpack.log tells them. */
import type { InstallRun } from './install-run.js';
import type { FileDecision } from './types.js';

/** The plan's actions that write a file at its target. */
const CHANGING_ACTIONS: ReadonlySet<FileDecision['action']> = new Set(['replace', 'add', 'inUse']);

/** Sorts the files by what becomes of them (written at their targets, kept under ServicePackFiles), in one pass. */
export function inventory(run: InstallRun): void {
  const { detail, log } = run;
  const m = run.pkg.manifest;
  const counts = new Map<string, number>();
  for (let i = 0; i < detail.files.length; i++) {
    const planned = detail.files[i];
    const action = planned.decision.action;
    counts.set(action, (counts.get(action) ?? 0) + 1);
    if (CHANGING_ACTIONS.has(action)) run.changing.push(planned);
    if (planned.servicePackCopy) run.copies.push(planned);
  }
  log.add(`Inventory: ${[...counts].map(([action, n]) => `${action} ${n}`).join(', ') || 'no files'}`);
  log.add(`LicenseAgreement: accepted${run.keepBackup ? '' : ' (no uninstall backup: -n)'}`);
  log.add(`Configuration: ${m.product}, service pack level ${detail.previousLevel}`);
  if (detail.plan.regressions.length > 0)
    log.add(`Regression: hotfixes not in ${m.id} are reverted: ${detail.plan.regressions.join(', ')}`);
}
