/**
 * The Win32 file calls as a program on the running machine makes them, and the steps that react to
 * them. Windows File Protection watches the system folders and puts a protected file back when a
 * program replaces or deletes it; it sits in the catalog layer, above this one, so it registers
 * here (as the after-boot steps register with the boot layer), and every caller that changes files
 * as a program goes through `asProgram`: the machine's `WinImage` calls, its `image.fs()` (which
 * calls them) and anything else built on this layer. The system's own writers (servicing, the boot,
 * protection's restores) use the plain calls of win32.ts, to which nothing reacts.
 */
import type { ImageCore } from '../image/index.js';
import { copyFile, deleteFile, moveFileNow, removeTree, writeFile, type WriteOptions } from './win32.js';

/** A reaction to files a program changed. */
export interface AfterChangeStep {
  /** Registering a step with a name already taken replaces it. */
  readonly name: string;
  /** Before a folder is removed or moved: the paths inside it the step wants to hear about afterwards. */
  watchedBelow(image: ImageCore, folder: string): string[];
  /** After the change: the paths it touched (the step picks the ones it cares about). */
  run(image: ImageCore, paths: readonly string[]): void;
}

const registered: AfterChangeStep[] = [];
/** Images whose steps are running: what a step itself changes does not set the steps off again. */
const reacting = new WeakSet<ImageCore>();

/** Adds a step to every change a program makes (or replaces the step of that name where it stands). */
export function registerAfterChangeStep(step: AfterChangeStep): void {
  putNamedStep(registered, step);
}

/** Appends `step` to `steps`, or replaces the step of that name where it stands. */
export function putNamedStep<Step extends { readonly name: string }>(steps: Step[], step: Step): void {
  const at = steps.findIndex((existing) => existing.name === step.name);
  if (at >= 0) steps[at] = step;
  else steps.push(step);
}

/** The registered steps, in the order they run. */
export function afterChangeSteps(): readonly AfterChangeStep[] {
  return registered;
}

function watchedBelow(image: ImageCore, path: string): string[] {
  return registered.flatMap((step) => step.watchedBelow(image, path));
}

function react(image: ImageCore, paths: readonly string[]): void {
  if (paths.length === 0 || reacting.has(image)) return;
  reacting.add(image);
  try {
    for (const step of registered) step.run(image, paths);
  } finally {
    reacting.delete(image);
  }
}

/** The file calls that change what programs see, each followed by the registered steps. */
export const asProgram = {
  writeFile(image: ImageCore, path: string, data: Uint8Array, options: WriteOptions = {}): void {
    writeFile(image, path, data, options);
    react(image, [path]);
  },
  deleteFile(image: ImageCore, path: string): void {
    deleteFile(image, path);
    react(image, [path]);
  },
  /** Removes the tree, then reacts once for everything inside it (a file put back mid-way would stop it). */
  removeTree(image: ImageCore, path: string): number {
    const inside = watchedBelow(image, path);
    const removed = removeTree(image, path);
    react(image, inside);
    return removed;
  },
  copyFile(image: ImageCore, from: string, to: string, failIfExists = false): void {
    copyFile(image, from, to, failIfExists);
    react(image, [to]);
  },
  moveFileNow(image: ImageCore, from: string, to: string, flags: number): void {
    const inside = watchedBelow(image, from);
    moveFileNow(image, from, to, flags);
    react(image, [...inside, to]);
  },
};
