/**
 * An after-boot step may watch names: the boot hands it, as the entries run, the paths whose last
 * name is watched and those it cannot tell about, so the step need not read every entry again. It
 * must hand over every path a full look at the entries would pick, in entry order.
 */
import { describe, expect, it } from 'vitest';
import {
  PENDING_RENAME_VALUES,
  SESSION_MANAGER_KEY,
  encodePendingRenames,
  reboot,
  registerAfterBootStep,
  type PendingRenameRequest,
} from '../../src/boot/index.js';
import type { ImageCore } from '../../src/image/index.js';
import { setRegistryRawValue } from '../../src/ops/index.js';
import { makeImage } from './helpers.js';

const WATCHED = new Set(['KERNEL32.DLL', 'LONGNA~1.DLL', 'É.DLL']);
let handed: readonly string[] | undefined;
let asked: number | undefined;
registerAfterBootStep({
  name: 'name watch test',
  watchNames(_image, entries) {
    asked = entries;
    return WATCHED;
  },
  run(_image, _report, watched) {
    handed = watched;
  },
});

function queue(image: ImageCore, requests: PendingRenameRequest[]): void {
  setRegistryRawValue(
    image,
    SESSION_MANAGER_KEY,
    PENDING_RENAME_VALUES[1],
    7,
    encodePendingRenames(requests),
  );
}

const nt = (path: string): string => `\\??\\${path}`;

describe('names watched by an after-boot step', () => {
  it('the step gets the paths with a watched, unsure or alias-like last name and every failed entry’s, in entry order', () => {
    const image = makeImage({
      'C:\\W\\a.new': 'a',
      'C:\\W\\b.new': 'b',
      'C:\\W\\kernel32.dll': 'k',
      'C:\\W\\Long Name.dll': 'l',
      'C:\\W\\c.old': 'c',
      'C:\\W\\d.new': 'd',
      'C:\\W\\e.new': 'e',
      'C:\\W\\f.new': 'f',
    });
    queue(image, [
      { source: nt('C:\\W\\a.new'), destination: nt('C:\\W\\Kernel32.DLL'), replaceExisting: true },
      { source: nt('C:\\W\\b.new'), destination: nt('C:\\W\\other.dll'), replaceExisting: false },
      { source: nt('C:\\W\\longna~1.dll'), destination: null, replaceExisting: false },
      { source: nt('C:\\W\\missing.dll'), destination: nt('C:\\W\\x.dll'), replaceExisting: false },
      { source: nt('C:\\W\\c.old'), destination: null, replaceExisting: false },
      { source: nt('C:\\W\\d.new'), destination: nt('C:\\W\\trailing.'), replaceExisting: false },
      { source: nt('C:\\W\\e.new'), destination: nt('C:\\W\\é.dll'), replaceExisting: false },
      { source: nt('C:\\W\\f.new'), destination: nt('C:\\W\\OTHER~9.DLL'), replaceExisting: false },
    ]);
    const report = reboot(image);
    expect(report.entries.map((entry) => entry.outcome)).toEqual([
      'replaced',
      'renamed',
      'deleted',
      'failed',
      'deleted',
      'renamed',
      'renamed',
      'renamed',
    ]);
    expect(asked).toBe(8);
    expect(handed).toEqual([
      'C:\\W\\Kernel32.DLL',
      'C:\\W\\longna~1.dll',
      'C:\\W\\missing.dll',
      'C:\\W\\x.dll',
      // the NT path's name as it is: Win32 would cut the dot and name another file
      '\\\\?\\C:\\W\\trailing.',
      'C:\\W\\é.dll',
      'C:\\W\\OTHER~9.DLL',
    ]);
  });

  it('a boot with no registered step watching hands `run` nothing (undefined)', () => {
    const image = makeImage({ 'C:\\W\\a.new': 'a' });
    queue(image, [{ source: nt('C:\\W\\a.new'), destination: nt('C:\\W\\a.dll'), replaceExisting: false }]);
    registerAfterBootStep({ name: 'name watch test', run: (_image, _report, watched) => (handed = watched) });
    handed = [];
    reboot(image);
    expect(handed).toBeUndefined();
  });
});
