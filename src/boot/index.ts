/**
 * The boot layer: MoveFileEx with MOVEFILE_DELAY_UNTIL_REBOOT, the `PendingFileRenameOperations`
 * codec, boot-time processing with its report in `windows` and `transactional` fidelity modes,
 * the PendMoves-like listing, and record/replay of reboot cycles.
 */
export * from './codec.js';
export * from './queue-entry.js';
export * from './reference-model.js';
export { ALLOW_PROTECTED_RENAMES, PROGRESS_VALUES, queueRename, setAllowProtectedRenames } from './queue.js';
export { bootSequence, reboot } from './reboot.js';
export { afterBootSteps, registerAfterBootStep } from './after-boot.js';
export type { AfterBootStep } from './after-boot.js';
export type { BootOptions } from './reboot.js';
export type { BootEntryReport, BootError, BootReport, OrphanedFile } from './report.js';
export { listPendingRenames } from './listing.js';
export type { PendingListing } from './listing.js';
export { decodeTrace, encodeTrace, recordReboot, replayTrace } from './trace.js';
export type { BootTrace, TracePathState, TraceValue } from './trace.js';
export { hasInterruptedBoot } from './lost.js';
