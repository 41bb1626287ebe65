/**
 * Windows File Protection's reaction to a program's change, registered with the operations layer so
 * that it runs whoever makes the change through `asProgram`: `WinImage`'s calls, `image.fs()`, or a
 * caller of the operations layer.
 */
import { registerAfterChangeStep } from '../ops/index.js';
import { protectChangedFiles } from './boot-steps.js';
import { protectedPathsBelow } from './protected-names.js';

/** The name of the step this layer adds to every change a program makes. */
export const FILE_PROTECTION_CHANGE_STEP = 'Windows File Protection';

registerAfterChangeStep({
  name: FILE_PROTECTION_CHANGE_STEP,
  watchedBelow: protectedPathsBelow,
  run: protectChangedFiles,
});
