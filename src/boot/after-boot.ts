/**
 * The steps the layers above run after every boot. The boot layer cannot import them (they sit
 * above it), so they register here, and `reboot` runs them, in registration order, at the end of
 * every boot, whoever asked for it (the machine's `reboot`, an install's or uninstall's restart, a
 * scenario, a cluster node, a trace replay). The catalog layer registers Windows File Protection.
 */
import type { ImageCore } from '../image/index.js';
import { putNamedStep } from '../ops/index.js';
import type { BootReport } from './report.js';

/** A step run after the boot has processed the queue and started the automatic services. */
export interface AfterBootStep {
  /** Names the step in `bootSequence()`; registering a step with a name already taken replaces it. */
  readonly name: string;
  /** May add its own findings to the report (as a field the registering layer documents). */
  run(image: ImageCore, report: BootReport): void;
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
