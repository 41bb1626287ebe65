/**
 * Asked to (`SVCPACK_HUGE_PAGES=1`), the command turns glibc's huge pages on for itself: on Linux,
 * when a command's input file is large and `GLIBC_TUNABLES` does not already name
 * `glibc.malloc.hugetlb`, `svcpack` runs itself once more with the tunable added and passes on the
 * child's exit status. The `#!` line cannot carry the variable (npm's Windows launchers). Why only
 * when asked (docs/performance.md, "Huge pages"): where a first touch of a 4 KiB page is dear (a VM
 * with shadow page tables) 2 MiB pages made an install 10 % faster, but on VMs where it is cheap
 * they made it 25 % slower. This module imports nothing of svcpack, so the parent that only waits
 * stays small.
 */
import { spawn } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import { constants } from 'node:os';

/** The glibc tunable (glibc 2.35 and later; older ones ignore it) and its value for 2 MiB pages. */
export const HUGE_PAGE_TUNABLE = 'glibc.malloc.hugetlb';
/** Set to `1` to run a second process with huge pages for large inputs. */
export const OPT_IN = 'SVCPACK_HUGE_PAGES';
/** Set to anything but `0` to never run a second process (it wins over {@link OPT_IN}). */
export const OPT_OUT = 'SVCPACK_NO_REEXEC';
/** The smallest input file, in MiB, that pays for the second process's start (default below). */
export const MIN_MIB = 'SVCPACK_REEXEC_MIN_MIB';
/** Set in the second process: it never runs a third. */
export const RELAUNCHED = 'SVCPACK_REEXECED';
/**
 * Measured on the 2-core VM of bench/RESULTS.md (`image info`, alternated rounds): the second
 * process's start costs about 0.1 s of CPU, and 2 MiB pages saved 0.27 s on a 90 MiB image and
 * 0.42 s on a 157 MiB one (about 3 ms per MiB), so files from about 32 MiB pay for it.
 */
export const DEFAULT_MIN_MIB = 32;

/** Commands whose every run builds images of hundreds of MiB (the benchmarks). */
const ALWAYS_LARGE = new Set(['bench']);

/** The facts the decision reads, as parameters so that tests can give their own. */
export interface LaunchContext {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** The command's arguments, after `node` and the script. */
  args: readonly string[];
  /** Node's own options (`process.execArgv`). */
  execArgv?: readonly string[];
  /** The size of a path if it names a regular file. */
  fileSize?: (path: string) => number | undefined;
  /** Whether this system can give 2 MiB pages to glibc's malloc. */
  hugePagesUsable?: () => boolean;
}

function regularFileSize(path: string): number | undefined {
  try {
    const stat = statSync(path, { throwIfNoEntry: false });
    return stat?.isFile() ? stat.size : undefined;
  } catch {
    return undefined;
  }
}

/** glibc (not musl) and transparent huge pages not turned off. */
function systemHugePagesUsable(): boolean {
  try {
    const enabled = readFileSync('/sys/kernel/mm/transparent_hugepage/enabled', 'latin1');
    if (enabled.includes('[never]')) return false;
    return readFileSync('/proc/self/maps', 'latin1').includes('libc.so.6');
  } catch {
    return false;
  }
}

function minimumBytes(env: NodeJS.ProcessEnv): number {
  const mib = Number(env[MIN_MIB]);
  return (env[MIN_MIB] !== undefined && env[MIN_MIB] !== '' && mib >= 0 ? mib : DEFAULT_MIN_MIB) * 2 ** 20;
}

/** Whether the command should run again with the tunable. */
export function shouldRelaunch(context: LaunchContext): boolean {
  const { env } = context;
  if (context.platform !== 'linux') return false;
  if (env[OPT_IN] !== '1') return false;
  if (env[OPT_OUT] !== undefined && env[OPT_OUT] !== '' && env[OPT_OUT] !== '0') return false;
  if (env[RELAUNCHED] !== undefined || (env.GLIBC_TUNABLES ?? '').includes(HUGE_PAGE_TUNABLE)) return false;
  // a debugger attaches to this process (and a second one could not take the same port)
  if ([...(context.execArgv ?? []), env.NODE_OPTIONS ?? ''].some((arg) => arg.includes('--inspect')))
    return false;
  if (!hasLargeInput(context)) return false;
  return (context.hugePagesUsable ?? systemHugePagesUsable)();
}

/** The command is a benchmark, or one of its arguments (or `--option=value` values) is a large file. */
function hasLargeInput(context: LaunchContext): boolean {
  const command = context.args.find((arg) => !arg.startsWith('-'));
  if (command !== undefined && ALWAYS_LARGE.has(command)) return true;
  const size = context.fileSize ?? regularFileSize;
  const minimum = minimumBytes(context.env);
  return context.args.some((arg) => {
    const value = arg.startsWith('--') && arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : arg;
    return value !== '' && !value.startsWith('-') && (size(value) ?? -1) >= minimum;
  });
}

/** The child's environment: the tunable appended to any existing GLIBC_TUNABLES, and the guard. */
export function relaunchEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const existing = env.GLIBC_TUNABLES;
  const tunable = `${HUGE_PAGE_TUNABLE}=1`;
  return {
    ...env,
    GLIBC_TUNABLES: existing ? `${existing}:${tunable}` : tunable,
    [RELAUNCHED]: '1',
  };
}

const FORWARDED = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/**
 * Runs the command again in a child with huge pages when {@link shouldRelaunch} says so, and ends
 * this process as the child ends (its exit code, or its signal raised again here). Resolves `true`
 * once the child runs (this process then only waits), `false` when the command should run here.
 */
export function relaunchWithHugePages(): Promise<boolean> {
  const context = {
    platform: process.platform,
    env: process.env,
    args: process.argv.slice(2),
    execArgv: process.execArgv,
  };
  if (!shouldRelaunch(context)) return Promise.resolve(false);
  const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    env: relaunchEnv(process.env),
    stdio: 'inherit',
  });
  const forward = (signal: NodeJS.Signals) => child.kill(signal);
  for (const signal of FORWARDED) process.on(signal, forward);
  child.on('exit', (code, signal) => {
    for (const name of FORWARDED) process.off(name, forward);
    if (signal === null) process.exit(code ?? 1);
    process.kill(process.pid, signal);
    // a signal this process catches or ignores: end with the shell's status for it
    setTimeout(() => process.exit(128 + (constants.signals[signal] ?? 0)), 100);
  });
  return new Promise((resolve) => {
    child.once('spawn', () => resolve(true));
    child.once('error', () => {
      for (const name of FORWARDED) process.off(name, forward);
      resolve(false);
    });
  });
}
