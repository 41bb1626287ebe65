/**
 * The image's servicing lock. An operation that awaits while it works on an image (install,
 * uninstall, sfc) holds it from its call until its promise settles. While it is held, every change
 * made from outside that operation is refused with ERROR_INSTALL_ALREADY_RUNNING (1618): the door
 * (`applyOp`, `applyOpQuietly`) checks it for every primitive change, so `writeFile`, `mkdir`,
 * `moveFileEx`, registry writes, `undo` and `image.fs` writes are all covered, and the machine layer
 * checks it for the calls that change the machine without a primitive operation (`reboot`, handles,
 * processes, services, volumes). Reads are never refused.
 *
 * Who is "inside" the operation is decided by its asynchronous context (AsyncLocalStorage), not by
 * timing: the holder's own code keeps the lock across its awaits, and a caller's code running in
 * between (whether before it awaits the promise or from a timer) does not. So the caller's writes
 * are never recorded in the holder's journal, and the holder's plan never goes stale under it.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { WinError } from '../errors/index.js';
import type { ImageCore } from '../image/index.js';

/** One holding of an image's lock; `operation` names the holder in refusals (`install W2K-SP4`). */
export interface ServicingLock {
  readonly operation: string;
}

const locks = new WeakMap<ImageCore, ServicingLock>();
const held = new AsyncLocalStorage<ReadonlySet<ServicingLock>>();
/** The store of code that holds no lock. */
const NO_LOCKS: ReadonlySet<ServicingLock> = new Set();
/** How many images are locked now: the door's check costs one comparison when none is. */
let lockedImages = 0;

/** Whether any image's lock is held now: when none is, no change can be refused and no refusal need be prepared. */
export function anyServicingLockHeld(): boolean {
  return lockedImages !== 0;
}

/** The operation holding the image's lock, when the current code is not part of it. */
export function servicingLockConflict(image: ImageCore): ServicingLock | undefined {
  const lock = locks.get(image);
  if (lock === undefined || held.getStore()?.has(lock)) return undefined;
  return lock;
}

/** Refuses a change (`what`, e.g. `mkdir`) with 1618 when another operation holds the image's lock. */
export function checkServicingLock(image: ImageCore, what: string, path?: string): void {
  if (lockedImages === 0) return;
  const lock = servicingLockConflict(image);
  if (lock) throw servicingLockError(lock, what, path);
}

/** The refusal `checkServicingLock` throws. */
export function servicingLockError(lock: ServicingLock, what: string, path?: string): WinError {
  return new WinError(
    'ERROR_INSTALL_ALREADY_RUNNING',
    path,
    `${what} refused: '${lock.operation}' is running on this image; await it before changing the image`,
  );
}

/**
 * Runs `fn` holding the image's lock, taken now (synchronously, before `fn` first awaits) and released
 * when its promise settles. Re-entrant: code already inside the holder runs `fn` directly. When another
 * operation holds it, the result rejects with the 1618 refusal and `fn` does not run.
 */
export function withServicingLock<T>(image: ImageCore, operation: string, fn: () => Promise<T>): Promise<T> {
  const current = locks.get(image);
  const store = held.getStore();
  if (current !== undefined) {
    if (store?.has(current)) return fn();
    return Promise.reject(servicingLockError(current, operation));
  }
  const lock: ServicingLock = { operation };
  locks.set(image, lock);
  lockedImages++;
  const release = (): void => {
    if (locks.get(image) !== lock) return;
    locks.delete(image);
    lockedImages--;
    // An enabled AsyncLocalStorage makes every promise in the process cost more (about 8 x for a bare
    // await on Node 20): keep it on only while a lock is held; `run` turns it on again.
    if (lockedImages === 0) held.disable();
  };
  let running: Promise<T>;
  try {
    running = held.run(new Set([...(store ?? []), lock]), fn);
  } catch (error) {
    release();
    throw error;
  }
  return running.finally(release);
}

/** Runs a caller's callback (a progress report) outside every lock, so its changes are refused. */
export function outsideServicingLocks<T>(fn: () => T): T {
  // not `held.exit`: it turns the promise hooks off and on again around every call (a progress
  // report per file), which costs more than the report and makes V8 drop code that relied on them
  return held.getStore() === undefined ? fn() : held.run(NO_LOCKS, fn);
}
