/**
 * The operations layer: the single door for every change to an image. Each change is a primitive
 * operation recorded in a log; the log and the write-ahead journal give undo, rollback, power-cut
 * recovery, replay traces and diffs from one mechanism. The door also enforces the image's servicing
 * lock (`lock.ts`): while an install, uninstall or sfc runs, changes from outside it are refused (1618).
 */
export { applyOp, applyOpQuietly } from './apply.js';
export { applyVersionedWriteAt, applyWriteAt } from './write-at.js';
export type { Located } from './apply.js';
export {
  checkServicingLock,
  outsideServicingLocks,
  servicingLockConflict,
  servicingLockError,
  withServicingLock,
} from './lock.js';
export type { ServicingLock } from './lock.js';
export { OpLog, opLog } from './log.js';
export { deleteFound, moveFound, setDword } from './logged-changes.js';
export type { FoundMove } from './logged-changes.js';
export type { LogRecord } from './log.js';
export { armPowerCut, cutPower, disarmPowerCut, spendPower, withPowerBudget } from './power.js';
export {
  abortTransaction,
  beginTransaction,
  commitTransaction,
  recoverJournal,
  runPlan,
  undoSince,
} from './transaction.js';
export type { RecoveryReport } from './transaction.js';
export {
  MOVEFILE,
  checkMoveFlags,
  copyFile,
  createDirectory,
  deleteFile,
  moveFileNow,
  refuseOpenWithTrailingSeparator,
  removeDirectory,
  removeTree,
  setAttributes,
  writeFile,
} from './win32.js';
export {
  createRegistryKey,
  deleteRegistryKey,
  deleteRegistryValue,
  importRegistry,
  setRegistryRawValue,
  setRegistryValue,
} from './win32-registry.js';
export type { WriteOptions } from './win32.js';
export { afterChangeSteps, asProgram, putNamedStep, registerAfterChangeStep } from './after-change.js';
export type { AfterChangeStep } from './after-change.js';
export { populate, populateRegistry } from './populate.js';
export type { BirthFile, BirthFolder } from './populate.js';
export { diffImages } from './diff.js';
export type { FileChange, ImageDiff, RegistryChange } from './diff.js';
