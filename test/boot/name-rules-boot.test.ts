/**
 * The names a boot-time rename may give (windows-fs.md: a name may not contain `/`, P7: a component
 * longer than 255 characters is ERROR_INVALID_NAME). NT takes a queued path literally, so a `/` is no
 * separator there: NTFS refuses such a name, and the entry fails with nothing created or moved.
 */
import { describe, expect, it } from 'vitest';
import { reboot, type BootReport } from '../../src/boot/index.js';
import { makeImage, setQueue, tree } from './helpers.js';

const outcomes = (report: BootReport): string[] =>
  report.entries.map((e) => (e.outcome === 'failed' ? `failed ${e.error?.code}` : e.outcome));

describe('names a boot-time rename cannot give', () => {
  it('P7: a destination name over 255 characters fails with ERROR_INVALID_NAME; nothing moves', () => {
    const image = makeImage({ 'C:\\A': 'a', 'C:\\D\\B': 'b' });
    setQueue(image, [
      '\\??\\C:\\A',
      `\\??\\C:\\${'n'.repeat(256)}`,
      '\\??\\C:\\D\\B',
      `\\??\\C:\\D\\${'m'.repeat(300)}\\`,
    ]);
    expect(outcomes(reboot(image))).toEqual(['failed ERROR_INVALID_NAME', 'failed ERROR_INVALID_NAME']);
    expect(tree(image)).toEqual({ 'C:\\A': 'a', 'C:\\D': '<dir>', 'C:\\D\\B': 'b' });
  });

  it('P7: a name of exactly 255 characters is given', () => {
    const name = 'n'.repeat(255);
    const image = makeImage({ 'C:\\A': 'a' });
    setQueue(image, ['\\??\\C:\\A', `\\??\\C:\\${name}`]);
    expect(outcomes(reboot(image))).toEqual(['renamed']);
    expect(tree(image)).toEqual({ [`C:\\${name}`]: 'a' });
  });

  it("a '/' in a destination name fails with ERROR_INVALID_NAME; no file named 'x/y' appears", () => {
    const image = makeImage({ 'C:\\A': 'a', 'C:\\B': 'b' }, ['C:\\x']);
    setQueue(image, ['\\??\\C:\\A', '\\??\\C:\\x/y', '\\??\\C:\\B', '\\??\\C:\\q/r\\s']);
    expect(outcomes(reboot(image))).toEqual(['failed ERROR_INVALID_NAME', 'failed ERROR_INVALID_NAME']);
    expect(tree(image)).toEqual({ 'C:\\A': 'a', 'C:\\B': 'b', 'C:\\x': '<dir>' });
  });

  it("a '/' in a source fails with ERROR_INVALID_NAME, not as a missing file", () => {
    const image = makeImage({ 'C:\\D\\e': 'e' });
    setQueue(image, ['\\??\\C:\\D/e', '', '\\??\\C:\\D\\e', '\\??\\C:\\D\\f']);
    expect(outcomes(reboot(image))).toEqual(['failed ERROR_INVALID_NAME', 'renamed']);
    expect(tree(image)).toEqual({ 'C:\\D': '<dir>', 'C:\\D\\f': 'e' });
  });
});
