/**
 * B6 (revised), B20, B21 of spec/pending-renames.md and the NTFS rules they rest on (N1, N6-N8 of
 * spec/windows-fs.md) at boot, each compared with the same MoveFileEx at once: the same refusal,
 * the same Win32 error.
 */
import { describe, expect, it } from 'vitest';
import { queueRename, reboot, type BootReport } from '../../src/boot/index.js';
import { WinError } from '../../src/errors/index.js';
import type { ImageCore } from '../../src/image/index.js';
import { MOVEFILE, moveFileNow } from '../../src/ops/index.js';
import { fork, makeImage, tree, type FileSpec } from './helpers.js';

const DELAY = MOVEFILE.DELAY_UNTIL_REBOOT;

const outcomes = (report: BootReport): string[] =>
  report.entries.map((e) => (e.outcome === 'failed' ? `failed ${e.error?.code}` : e.outcome));

/** The Win32 error MoveFileEx gives at once on a copy, or 'ok'. */
function atOnce(image: ImageCore, from: string, to: string, flags: number): string {
  try {
    moveFileNow(fork(image), from, to, flags & ~DELAY);
    return 'ok';
  } catch (error) {
    if (error instanceof WinError) return `failed ${error.code}`;
    throw error;
  }
}

/** Queues one rename, boots, and returns the outcome with the error MoveFileEx gives at once. */
function both(
  files: Record<string, FileSpec>,
  from: string,
  to: string,
  flags: number,
  folders: string[] = [],
) {
  const image = makeImage(files, folders);
  const now = atOnce(image, from, to, flags);
  queueRename(image, from, to, flags);
  const before = JSON.stringify(tree(image));
  const report = reboot(image);
  return { image, now, boot: outcomes(report)[0], unchanged: JSON.stringify(tree(image)) === before };
}

describe('boot-time renames follow the NTFS rules, the same as at once', () => {
  it('B6: ! with a directory as source onto an existing file fails with ERROR_ACCESS_DENIED (N8); both left', () => {
    const r = both(
      { 'C:\\D\\inner': 'i', 'C:\\F': 'f' },
      'C:\\D',
      'C:\\F',
      DELAY | MOVEFILE.REPLACE_EXISTING,
    );
    expect(r.boot).toBe('failed ERROR_ACCESS_DENIED');
    expect(r.now).toBe(r.boot);
    expect(tree(r.image)).toEqual({ 'C:\\D': '<dir>', 'C:\\D\\inner': 'i', 'C:\\F': 'f' });
  });

  it('B6: ! onto an existing directory fails the same at once and at boot (N8)', () => {
    const r = both(
      { 'C:\\A': 'a', 'C:\\D\\inner': 'i' },
      'C:\\A',
      'C:\\D',
      DELAY | MOVEFILE.REPLACE_EXISTING,
    );
    expect(r.boot).toBe('failed ERROR_ACCESS_DENIED');
    expect(r.now).toBe(r.boot);
  });

  it('B20: ! onto a target stored in another case: the target goes, the new entry has the name as queued (N1)', () => {
    const image = makeImage({ 'C:\\dir\\a.new': 'new', 'C:\\dir\\x.dat': 'old' });
    queueRename(image, 'C:\\dir\\a.new', 'C:\\DIR\\X.DAT', DELAY | MOVEFILE.REPLACE_EXISTING);
    expect(outcomes(reboot(image))).toEqual(['replaced']);
    expect(tree(image)).toEqual({ 'C:\\dir': '<dir>', 'C:\\dir\\X.DAT': 'new' });
  });

  it('B21: a directory moved into its own subtree with ! onto an existing child fails (N7); nothing is touched, the child included', () => {
    const files = { 'C:\\d\\child': 'c', 'C:\\d\\sub\\x': 'x' };
    for (const to of ['C:\\d\\child', 'C:\\d\\sub', 'C:\\d\\sub\\x', 'C:\\d\\sub\\new']) {
      const r = both(files, 'C:\\d', to, DELAY | MOVEFILE.REPLACE_EXISTING);
      expect([to, r.boot]).toEqual([to, 'failed ERROR_SHARING_VIOLATION']);
      expect(r.now).toBe(r.boot);
      expect(r.unchanged).toBe(true);
      expect(tree(r.image)).toEqual({
        'C:\\d': '<dir>',
        'C:\\d\\child': 'c',
        'C:\\d\\sub': '<dir>',
        'C:\\d\\sub\\x': 'x',
      });
    }
  });

  it('B21: without ! too (N7)', () => {
    const r = both({ 'C:\\d\\sub\\x': 'x' }, 'C:\\d', 'C:\\d\\sub\\d', DELAY);
    expect(r.boot).toBe('failed ERROR_SHARING_VIOLATION');
    expect(r.now).toBe(r.boot);
    expect(r.unchanged).toBe(true);
  });

  it("N6: a boot-time rename whose target's parent is a file fails with ERROR_INVALID_PARAMETER (87), as at once", () => {
    for (const flags of [DELAY, DELAY | MOVEFILE.REPLACE_EXISTING]) {
      const r = both({ 'C:\\A': 'a', 'C:\\F': 'f' }, 'C:\\A', 'C:\\F\\A', flags);
      expect(r.boot).toBe('failed ERROR_INVALID_PARAMETER');
      expect(r.now).toBe(r.boot);
      expect(r.unchanged).toBe(true);
    }
  });

  it('N8: ! with a directory source onto a free name is a plain rename, at once and at boot', () => {
    const r = both({ 'C:\\D\\inner': 'i' }, 'C:\\D', 'C:\\E', DELAY | MOVEFILE.REPLACE_EXISTING);
    expect(r.boot).toBe('renamed');
    expect(r.now).toBe('ok');
  });
});
