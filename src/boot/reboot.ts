/**
 * The reboot: processes end, a power cut's journal is recovered, the session manager processes
 * the pending-rename queue (B1-B19), automatic services start again, and a report says what
 * happened to every entry.
 */
import { PowerCut, WinError } from '../errors/index.js';
import type { ImageCore } from '../image/index.js';
import {
  abortTransaction,
  applyOp,
  armPowerCut,
  beginTransaction,
  checkServicingLock,
  commitTransaction,
  disarmPowerCut,
  recoverJournal,
  setDword,
} from '../ops/index.js';
import { afterBootSteps, nameWatch } from './after-boot.js';
import { noteInterruptedBoot, reportLoss, takeLostEntries } from './lost.js';
import {
  ALLOW_PROTECTED_RENAMES,
  PROGRESS_VALUES,
  allowProtectedRenames,
  readQueue,
  type QueueValue,
} from './queue.js';
import {
  PENDING_RENAME_VALUES,
  SESSION_MANAGER_KEY,
  type PendingEntry,
  type PendingValue,
} from './queue-entry.js';
import { blankEntry } from './codec.js';
import { EntryOutcomes, deferEntries } from './outcomes.js';
import type { BootReport } from './report.js';
import {
  forgetEntry,
  protectedNames,
  runEntry,
  watchFailed,
  type EntryFailure,
  type EntryResult,
  type NameWatch,
  type ProtectedNames,
} from './run-entry.js';

/** How to boot. */
export interface BootOptions {
  /**
   * `windows` (default): as Windows does, the queue is deleted before any entry runs (B16), so a
   * power cut during the boot loses the rest (the next boot reports them as `lost`, and the files
   * they left behind as `orphaned`).
   * `transactional`: each entry runs in a small rollback transaction together with the queue's
   * progress, so a power cut loses nothing and the next boot carries on where it stopped.
   */
  mode?: 'windows' | 'transactional';
  /** Cut the power after this many primitive operations of the boot, recovery's included (throws `PowerCut`). */
  powerCutAfter?: number;
}

const TRANSACTION = 'boot-pending-rename';

const BOOT_DURATION_MS = 90_000;

function failureOf(error: WinError): EntryFailure {
  return { code: error.code, path: error.path ?? '', detail: error.message };
}

function deleteSessionValue(image: ImageCore, name: string): void {
  if (image.registry.getRawValue(SESSION_MANAGER_KEY, name) !== undefined) {
    applyOp(image, { kind: 'regDelete', key: SESSION_MANAGER_KEY, name });
  }
}

function runGuarded(
  image: ImageCore,
  entry: PendingEntry,
  guarded: ProtectedNames,
  transactional: boolean,
  watch: NameWatch | undefined,
): EntryResult {
  try {
    return runEntry(image, entry, guarded, watch);
  } catch (error) {
    if (!(error instanceof WinError)) throw error;
    if (watch !== undefined) watchFailed(watch, entry);
    if (transactional) {
      abortTransaction(image);
      beginTransaction(image, TRANSACTION, { context: { value: entry.value, index: entry.index } });
    }
    return { outcome: 'failed', failure: failureOf(error) };
  }
}

/** B16 as ReactOS: both values are deleted when read, before any entry runs; nothing is retried. */
function processWindows(
  image: ImageCore,
  queue: readonly QueueValue[],
  guarded: ProtectedNames,
  watch: NameWatch | undefined,
): EntryOutcomes {
  const outcomes = new EntryOutcomes();
  // one entry filled in for each in turn: only its outcome outlives it
  const entry = blankEntry();
  try {
    for (const value of [1, 2] as const) {
      deleteSessionValue(image, PENDING_RENAME_VALUES[value]);
      deleteSessionValue(image, PROGRESS_VALUES[value]);
    }
    for (const value of queue) {
      const pairs = value.pairs;
      outcomes.begin(pairs, value.done);
      for (let i = value.done; i < pairs.length; i++) {
        outcomes.add(runGuarded(image, pairs.entryInto(i, entry), guarded, false, watch));
      }
    }
  } catch (error) {
    // The power went: note the queue taken and how many entries were done, so the next boot can report the rest as lost.
    noteInterruptedBoot(image, queue, outcomes.length);
    throw error;
  }
  return outcomes;
}

/**
 * Ends the transaction of one entry by recording the value's progress (or deleting the finished value).
 * `key` is the Session Manager key resolved once for the boot, so each entry's write finds it at once.
 */
function recordProgress(
  image: ImageCore,
  key: string,
  value: PendingValue,
  done: number,
  total: number,
): void {
  if (done >= total) {
    deleteSessionValue(image, PENDING_RENAME_VALUES[value]);
    deleteSessionValue(image, PROGRESS_VALUES[value]);
    return;
  }
  setDword(image, key, PROGRESS_VALUES[value], done);
}

/** Each entry and the queue's progress in one rollback transaction: a power cut loses nothing. */
function processTransactional(
  image: ImageCore,
  queue: readonly QueueValue[],
  guarded: ProtectedNames,
  watch: NameWatch | undefined,
): EntryOutcomes {
  const outcomes = new EntryOutcomes();
  const entry = blankEntry();
  const key = image.registry.resolveKey(SESSION_MANAGER_KEY) ?? SESSION_MANAGER_KEY;
  for (const value of queue) {
    const total = value.pairs.length;
    if (value.done >= total) {
      beginTransaction(image, TRANSACTION, { context: { value: value.value } });
      recordProgress(image, key, value.value, total, total);
      commitTransaction(image);
      continue;
    }
    outcomes.begin(value.pairs, value.done);
    for (let i = value.done; i < total; i++) {
      value.pairs.entryInto(i, entry);
      beginTransaction(image, TRANSACTION, { context: { value: entry.value, index: entry.index } });
      const result = runGuarded(image, entry, guarded, true, watch);
      recordProgress(image, key, value.value, i + 1, total);
      commitTransaction(image);
      outcomes.add(result);
    }
  }
  return outcomes;
}

function osDescription(image: ImageCore): string {
  const key = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion';
  const text = (name: string, fallback: string): string => {
    const value = image.registry.getValue(key, name);
    return value !== undefined && typeof value.data === 'string' ? value.data : fallback;
  };
  const pack = text('CSDVersion', '');
  return `Microsoft (R) Windows 2000 (R) ${text('CurrentVersion', '5.0')}. ${text('CurrentBuildNumber', '2195')}${pack ? ` ${pack}` : ''} Uniprocessor Free.`;
}

function checkPowerCutAfter(value: number | undefined): void {
  if (value !== undefined && (!Number.isInteger(value) || value < 0)) {
    throw new RangeError(`powerCutAfter must be a whole number >= 0, got ${value}`);
  }
}

/** What the steps of one boot share: the image, the options, and the report they fill in. */
interface Boot {
  image: ImageCore;
  options: BootOptions;
  report: BootReport;
  /** Whether the registered steps run after it (and so may watch names); then what they watched. */
  watching: boolean;
  watch?: NameWatch;
  /** The queue the session manager read, once a power cut's transaction was recovered. */
  queue?: readonly QueueValue[];
}

/** One named step of the boot sequence. */
interface BootStep {
  name: string;
  run(boot: Boot): void;
}

/** Processes end and their handles close (B19); Terminal Server leaves install mode; 6006 or 6008. */
function shutdown({ image, report }: Boot): void {
  report.processesEnded = image.processTable.size;
  image.stopAllProcesses();
  image.session.installMode = false;
  if (image.poweredOff) {
    image.logEvent(
      'EventLog',
      6008,
      'error',
      `The previous system shutdown at ${new Date(image.clock).toISOString()} was unexpected.`,
    );
  } else {
    image.logEvent('EventLog', 6006, 'information', 'The Event log service was stopped.');
  }
  image.poweredOff = false;
  image.tick(BOOT_DURATION_MS);
}

/**
 * The session manager, with the power budget armed: a transaction a power cut left open is
 * recovered, the entries an interrupted `windows`-mode boot took are found (`lost`), value 1 then
 * value 2 run (B1-B17) honouring `AllowProtectedRenames` (B18), which is then deleted.
 */
function sessionManager(boot: Boot): void {
  const { image, options, report } = boot;
  armPowerCut(image, options.powerCutAfter);
  try {
    const recovered = recoverJournal(image);
    takeLostEntries(image);
    const allowProtected = allowProtectedRenames(image);
    const guarded = protectedNames(image, allowProtected);
    const queue = readQueue(image);
    boot.queue = queue;
    report.skipped = queue.reduce((sum, value) => sum + value.done, 0);
    const entries = queue.reduce((sum, value) => sum + value.pairs.length - value.done, 0);
    const watch = boot.watching ? nameWatch(image, entries) : undefined;
    boot.watch = watch;
    const outcomes =
      report.mode === 'transactional'
        ? processTransactional(image, queue, guarded, watch)
        : processWindows(image, queue, guarded, watch);
    deferEntries(report, outcomes);
    deleteSessionValue(image, ALLOW_PROTECTED_RENAMES);
    const loss = reportLoss(image);
    report.problems = queue.flatMap((value) => value.problems);
    report.allowProtectedRenames = allowProtected;
    report.counts = outcomes.counts();
    if (recovered) report.recovered = recovered;
    if (loss) Object.assign(report, loss);
  } catch (error) {
    if (error instanceof PowerCut) image.poweredOff = true;
    throw error;
  } finally {
    forgetEntry();
    disarmPowerCut(image);
  }
}

/** The clock advances; the System log gets 6009 and 6005. */
function eventLogStarts({ image }: Boot): void {
  image.tick(BOOT_DURATION_MS);
  image.logEvent('EventLog', 6009, 'information', osDescription(image));
  image.logEvent('EventLog', 6005, 'information', 'The Event log service was started.');
}

/** Automatic services start again, mapping their (possibly new) files. */
function startServices({ image, report }: Boot): void {
  report.servicesStarted = image.startAutomaticServices();
}

/** The boot's own steps, in order (wineboot's `main()` is the model); the registered ones follow. */
const BOOT_SEQUENCE: readonly BootStep[] = [
  { name: 'shutdown', run: shutdown },
  { name: 'session manager', run: sessionManager },
  { name: 'event log', run: eventLogStarts },
  { name: 'automatic services', run: startServices },
];

/** The names of every step a boot runs now, in order: the boot's own, then the registered ones. */
export function bootSequence(): string[] {
  return [...BOOT_SEQUENCE, ...afterBootSteps()].map((step) => step.name);
}

function emptyReport(mode: BootReport['mode']): BootReport {
  return {
    mode,
    entries: [],
    problems: [],
    skipped: 0,
    allowProtectedRenames: false,
    servicesStarted: [],
    processesEnded: 0,
    counts: { renamed: 0, replaced: 0, deleted: 0, failed: 0 },
  };
}

function runOwnSteps(image: ImageCore, options: BootOptions, watching: boolean): Boot {
  checkPowerCutAfter(options.powerCutAfter);
  checkServicingLock(image, 'reboot');
  const boot: Boot = { image, options, report: emptyReport(options.mode ?? 'windows'), watching };
  for (const step of BOOT_SEQUENCE) step.run(boot);
  return boot;
}

/**
 * Runs the boot's own steps only: what a copy booted to predict the queue's outcomes needs. Gives the
 * report and the queue the boot ran (as a pending power-cut recovery left it).
 */
export function bootWithoutRegisteredSteps(
  image: ImageCore,
  options: BootOptions = {},
): { report: BootReport; queue: readonly QueueValue[] } {
  const { report, queue } = runOwnSteps(image, options, false);
  return { report, queue: queue ?? [] };
}

/**
 * Reboots the machine, running every step of `bootSequence()` in order:
 * 1. `shutdown`: every process ends and its handles close (B19); Terminal Server leaves install mode;
 *    the System log gets 6006 (clean shutdown) or, after a power cut, 6008 (unexpected shutdown);
 * 2. `session manager`: the power comes back; a transaction a power cut left open is recovered
 *    (`recovered`), the entries an interrupted `windows`-mode boot had taken off the queue are reported
 *    (`lost`); value 1, then value 2 are processed (B1-B17), honouring `AllowProtectedRenames` (B18),
 *    which is then deleted;
 * 3. `event log`: the clock advances, the System log gets 6009 and 6005;
 * 4. `automatic services` start again, mapping their (possibly new) files;
 * 5. the steps the layers above registered (`registerAfterBootStep`), e.g. Windows File Protection.
 *
 * @throws PowerCut when `powerCutAfter` primitive operations have run; the machine is then off and
 *   the next `reboot` recovers (the registered steps do not run).
 */
export function reboot(image: ImageCore, options: BootOptions = {}): BootReport {
  const { report, watch } = runOwnSteps(image, options, true);
  for (const step of afterBootSteps()) step.run(image, report, watch?.paths);
  return report;
}
