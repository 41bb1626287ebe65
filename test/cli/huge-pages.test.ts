import { describe, expect, it } from 'vitest';
import {
  DEFAULT_MIN_MIB,
  relaunchEnv,
  shouldRelaunch,
  type LaunchContext,
} from '../../src/cli/huge-pages.js';

const MIB = 2 ** 20;
const sizes: Record<string, number> = { 'big.svcimg': 200 * MIB, 'small.svcimg': 5 * MIB };

function decide(overrides: Partial<LaunchContext> = {}): boolean {
  return shouldRelaunch({
    platform: 'linux',
    env: { SVCPACK_HUGE_PAGES: '1' },
    args: ['install', 'big.svcimg', 'sp.svcpkg', '-u'],
    fileSize: (path) => sizes[path],
    hugePagesUsable: () => true,
    ...overrides,
  });
}

describe('when the command runs itself again with huge pages', () => {
  it('a large input file on Linux, the tunable not set: runs again', () => {
    expect(decide()).toBe(true);
  });

  it('only when asked: without SVCPACK_HUGE_PAGES=1 every command runs in one process', () => {
    expect(decide({ env: {} })).toBe(false);
    expect(decide({ env: { SVCPACK_HUGE_PAGES: '0' } })).toBe(false);
    expect(decide({ env: { SVCPACK_HUGE_PAGES: '' } })).toBe(false);
    expect(decide({ env: {}, args: ['bench', '--files', '50000'] })).toBe(false);
  });

  it('only large inputs pay for the second start: small or missing files and no files run here', () => {
    expect(decide({ args: ['image', 'info', 'small.svcimg'] })).toBe(false);
    expect(decide({ args: ['image', 'info', 'missing.svcimg'] })).toBe(false);
    expect(decide({ args: ['--version'] })).toBe(false);
    expect(decide({ args: ['image', 'create', '-o', 'new.svcimg'] })).toBe(false);
    expect(DEFAULT_MIN_MIB).toBeGreaterThan(5);
  });

  it('a file given as --option=value counts; the benchmarks always run again', () => {
    expect(decide({ args: ['image', 'diff', '--against=big.svcimg'] })).toBe(true);
    expect(decide({ args: ['bench', '--files', '50000'] })).toBe(true);
  });

  it('SVCPACK_REEXEC_MIN_MIB moves the threshold', () => {
    expect(
      decide({
        args: ['image', 'info', 'small.svcimg'],
        env: { SVCPACK_HUGE_PAGES: '1', SVCPACK_REEXEC_MIN_MIB: '1' },
      }),
    ).toBe(true);
    expect(decide({ env: { SVCPACK_HUGE_PAGES: '1', SVCPACK_REEXEC_MIN_MIB: '500' } })).toBe(false);
  });

  it('the opt-out SVCPACK_NO_REEXEC=1 runs here (0 or empty does not opt out)', () => {
    expect(decide({ env: { SVCPACK_HUGE_PAGES: '1', SVCPACK_NO_REEXEC: '1' } })).toBe(false);
    expect(decide({ env: { SVCPACK_HUGE_PAGES: '1', SVCPACK_NO_REEXEC: '0' } })).toBe(true);
    expect(decide({ env: { SVCPACK_HUGE_PAGES: '1', SVCPACK_NO_REEXEC: '' } })).toBe(true);
  });

  it('never loops: the child (tunable set, or the guard variable) runs the command itself', () => {
    const child = relaunchEnv({ PATH: '/bin', SVCPACK_HUGE_PAGES: '1' });
    expect(decide({ env: child })).toBe(false);
    expect(decide({ env: { SVCPACK_HUGE_PAGES: '1', SVCPACK_REEXECED: '1' } })).toBe(false);
    expect(decide({ env: { SVCPACK_HUGE_PAGES: '1', GLIBC_TUNABLES: 'glibc.malloc.hugetlb=0' } })).toBe(
      false,
    );
  });

  it('not under a debugger: --inspect in the node options or NODE_OPTIONS runs here', () => {
    expect(decide({ execArgv: ['--inspect-brk'] })).toBe(false);
    expect(decide({ env: { SVCPACK_HUGE_PAGES: '1', NODE_OPTIONS: '--inspect=9230' } })).toBe(false);
    expect(
      decide({
        execArgv: ['--max-old-space-size=4096'],
        env: { SVCPACK_HUGE_PAGES: '1', NODE_OPTIONS: '--no-warnings' },
      }),
    ).toBe(true);
  });

  it('not on other systems, nor where huge pages cannot be had (musl, THP off)', () => {
    expect(decide({ platform: 'win32' })).toBe(false);
    expect(decide({ platform: 'darwin' })).toBe(false);
    expect(decide({ hugePagesUsable: () => false })).toBe(false);
  });

  it("the child's environment: the tunable appended to any existing GLIBC_TUNABLES, the rest kept", () => {
    expect(relaunchEnv({ PATH: '/bin' })).toEqual({
      PATH: '/bin',
      GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1',
      SVCPACK_REEXECED: '1',
    });
    expect(relaunchEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }).GLIBC_TUNABLES).toBe(
      'glibc.malloc.arena_max=2:glibc.malloc.hugetlb=1',
    );
  });
});
