/**
 * The steps the layers above run after every boot. The boot layer cannot import them (they sit
 * above it), so they register here, and `reboot` runs them, in registration order, at the end of
 * every boot, whoever asked for it (the machine's `reboot`, an install's or uninstall's restart, a
 * scenario, a cluster node, a trace replay). The catalog layer registers Windows File Protection.
 */
import type { ImageCore } from '../image/index.js';
import { putNamedStep } from '../ops/index.js';
import type { BootReport } from './report.js';
import type { NameWatch } from './run-entry.js';

/** A step run after the boot has processed the queue and started the automatic services. */
export interface AfterBootStep {
  /** Names the step in `bootSequence()`; registering a step with a name already taken replaces it. */
  readonly name: string;
  /**
   * The folded last names (long names and 8.3 aliases) of the files the step checks after a boot of
   * `entries` queued entries, or undefined to watch none. Asked once a boot, before the entries run,
   * while their paths are at hand: the boot then hands `run` the paths it must look at (see `run`).
   */
  watchNames?(image: ImageCore, entries: number): ReadonlySet<string> | undefined;
  /**
   * May add its own findings to the report (as a field the registering layer documents). With
   * `watchNames`: `watched` holds, in entry order (source, then destination), the Win32 paths of the
   * entries' NT paths whose last name is watched by a step, and those the boot could not tell
   * about (a failed entry's, a name Win32 would change); undefined when no names were watched.
   */
  run(image: ImageCore, report: BootReport, watched?: readonly string[]): void;
}

/** The names the registered steps watch in a boot of `entries` entries, or undefined if none. */
export function nameWatch(image: ImageCore, entries: number): NameWatch | undefined {
  let names: ReadonlySet<string> | undefined;
  for (const step of registered) {
    const watched = step.watchNames?.(image, entries);
    if (watched === undefined) continue;
    names = names === undefined ? watched : new Set([...names, ...watched]);
  }
  return names === undefined ? undefined : { names, paths: [] };
}

const registered: AfterBootStep[] = [];

/** Adds a step to the end of every boot (or replaces the step of that name where it stands). */
export function registerAfterBootStep(step: AfterBootStep): void {
  putNamedStep(registered, step);
}

/** The registered steps, in the order they run. */
export function afterBootSteps(): readonly AfterBootStep[] {
  return registered;
}
