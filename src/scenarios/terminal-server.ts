/**
 * Terminal Server and Q215465: a system-wide install runs at the console (session 0), as an
 * administrator, with the server in install mode (`change user /install`); a reboot returns the
 * server to execute mode.
 */
import { reboot } from '../boot/index.js';
import { WinError } from '../errors/index.js';
import type { ImageCore, SessionState } from '../image/index.js';
import { setRegistryValue } from '../ops/index.js';
import type { Package } from '../package/index.js';
import { install, type InstallOptions, type InstallResult } from '../servicing/index.js';

/** Terminal Server's settings key (`TSEnabled`, `TSAppCompat`). */
export const TERMINAL_SERVER_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server';

/** The caller's context for `runInSession`. */
export interface SessionContext {
  /** 0 is the console; any other number is a Terminal Server client session. */
  session: number;
  /** Administrative security context (default true). */
  administrator?: boolean;
}

/**
 * Runs `fn` as a caller in the given session and security context, then restores the previous
 * caller (even if `fn` throws). Install mode is the server's, so it is left as `fn` leaves it.
 */
export async function runInSession<T>(
  image: ImageCore,
  context: SessionContext,
  fn: () => T | Promise<T>,
): Promise<T> {
  if (!Number.isInteger(context.session) || context.session < 0) {
    throw new WinError(
      'ERROR_INVALID_PARAMETER',
      undefined,
      `session must be a whole number >= 0, got ${context.session}`,
    );
  }
  const before = { session: image.session.session, administrator: image.session.administrator };
  image.session.session = context.session;
  image.session.administrator = context.administrator ?? true;
  try {
    return await fn();
  } finally {
    image.session.session = before.session;
    image.session.administrator = before.administrator;
  }
}

/** `change user /install`: needs an administrator (`ERROR_ACCESS_DENIED` otherwise). */
export function changeUserInstall(image: ImageCore): void {
  if (!image.session.administrator) {
    throw new WinError('ERROR_ACCESS_DENIED', undefined, "'change user /install' needs an administrator");
  }
  image.session.installMode = true;
}

/** `change user /execute`: back to execute mode. */
export function changeUserExecute(image: ImageCore): void {
  image.session.installMode = false;
}

/** `change user /query`: the server's mode. */
export function changeUserQuery(image: ImageCore): 'install' | 'execute' {
  return image.session.installMode ? 'install' : 'execute';
}

/**
 * Sets the Terminal Server mode through the door: `application` (TSEnabled 1, TSAppCompat 1, where
 * installs need install mode) or `remoteAdministration` (TSAppCompat 0).
 */
export function setTerminalServerMode(image: ImageCore, mode: 'application' | 'remoteAdministration'): void {
  setRegistryValue(image, TERMINAL_SERVER_KEY, 'TSEnabled', 'REG_DWORD', 1);
  setRegistryValue(image, TERMINAL_SERVER_KEY, 'TSAppCompat', 'REG_DWORD', mode === 'application' ? 1 : 0);
}

/** One step of the Q215465 scenario. */
export interface TerminalServerStep {
  what: string;
  session: SessionState;
  code?: number;
  message: string;
}

/** What `terminalServerInstall` did. */
export interface TerminalServerReport {
  steps: TerminalServerStep[];
  /** The refused attempt from the client session. */
  refused: InstallResult;
  /** The attempt from the console in install mode. */
  installed: InstallResult;
  /** The server's mode after the final reboot. */
  modeAfterReboot: 'install' | 'execute';
}

/**
 * Q215465 from start to end on an application server: an install from client session
 * `clientSession` (default 2) is refused with 1640 and changes nothing; at the console an
 * administrator runs `change user /install` and installs (restart left to the procedure); the
 * reboot returns the server to execute mode.
 */
export async function terminalServerInstall(
  image: ImageCore,
  pkg: Package | Uint8Array,
  options: { clientSession?: number; install?: InstallOptions } = {},
): Promise<TerminalServerReport> {
  const steps: TerminalServerStep[] = [];
  const note = (what: string, message: string, code?: number): void => {
    steps.push({ what, session: { ...image.session }, message, ...(code === undefined ? {} : { code }) });
  };
  setTerminalServerMode(image, 'application');
  note('application server mode', 'TSEnabled 1, TSAppCompat 1');
  const installOptions: InstallOptions = { ...options.install, restart: 'later' };
  const session = options.clientSession ?? 2;
  const refused = await runInSession(image, { session, administrator: true }, async () => {
    const result = await install(image, pkg, installOptions);
    note(`install from session ${session}`, result.message, result.code);
    return result;
  });
  const installed = await runInSession(image, { session: 0, administrator: true }, async () => {
    changeUserInstall(image);
    note('change user /install', 'the server is in install mode');
    const result = await install(image, pkg, installOptions);
    note('install from the console', result.message, result.code);
    return result;
  });
  reboot(image);
  const modeAfterReboot = changeUserQuery(image);
  note('reboot', `the server is in ${modeAfterReboot} mode`);
  return { steps, refused, installed, modeAfterReboot };
}
