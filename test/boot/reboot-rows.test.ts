import { describe, expect, it } from 'vitest';
import { MOVEFILE } from '../../src/ops/index.js';
import { SESSION_MANAGER_KEY, queueRename, reboot, type BootReport } from '../../src/boot/index.js';
import { allowProtectedRenames, makeImage, protect, queueBytes, setQueue, tree } from './helpers.js';

const DELAY = MOVEFILE.DELAY_UNTIL_REBOOT;
const REPLACE = DELAY | MOVEFILE.REPLACE_EXISTING;
const RO = 0x21;

const outcomes = (report: BootReport): string[] =>
  report.entries.map((e) => (e.outcome === 'failed' ? `failed ${e.error?.code}` : e.outcome));

describe('reboot processes the queue as the Windows/ReactOS column says (spec/pending-renames.md)', () => {
  it('B1: strictly in queued order: "delete X, then rename Y to X" works', () => {
    const image = makeImage({ 'C:\\X': 'old', 'C:\\Y': 'new' });
    queueRename(image, 'C:\\X', null, DELAY);
    queueRename(image, 'C:\\Y', 'C:\\X', DELAY);
    const report = reboot(image);
    expect(outcomes(report)).toEqual(['deleted', 'renamed']);
    expect(tree(image)).toEqual({ 'C:\\X': 'new' });
  });

  it('B1: the reverse order fails on the first entry', () => {
    const image = makeImage({ 'C:\\X': 'old', 'C:\\Y': 'new' });
    queueRename(image, 'C:\\Y', 'C:\\X', DELAY);
    queueRename(image, 'C:\\X', null, DELAY);
    expect(outcomes(reboot(image))).toEqual(['failed ERROR_ALREADY_EXISTS', 'deleted']);
    expect(tree(image)).toEqual({ 'C:\\Y': 'new' });
  });

  it('B1: all pairs of value 1, then value 2; both values are consumed', () => {
    const image = makeImage({ 'C:\\X': 'old', 'C:\\Y': 'new' });
    setQueue(image, ['\\??\\C:\\Y', '\\??\\C:\\X'], 'PendingFileRenameOperations2');
    setQueue(image, ['\\??\\C:\\X', '']);
    const report = reboot(image);
    expect(report.entries.map((e) => [e.value, e.index, e.outcome])).toEqual([
      [1, 0, 'deleted'],
      [2, 0, 'renamed'],
    ]);
    expect(tree(image)).toEqual({ 'C:\\X': 'new' });
    expect(queueBytes(image)).toBeUndefined();
    expect(queueBytes(image, 'PendingFileRenameOperations2')).toBeUndefined();
  });

  it('B2: plain rename, destination absent: renamed (case-insensitive lookup, attributes travel)', () => {
    const image = makeImage({ 'C:\\WINNT\\a.tmp': { data: 'v2', attributes: RO } });
    queueRename(image, 'c:\\winnt\\A.TMP', 'C:\\WinNT\\a.dll', DELAY);
    expect(outcomes(reboot(image))).toEqual(['renamed']);
    expect(tree(image)).toEqual({ 'C:\\WINNT': '<dir>', 'C:\\WINNT\\a.dll': 'v2 (ro)' });
  });

  it('B3: destination exists, no ! — fails with ERROR_ALREADY_EXISTS (183); both left as they were', () => {
    const image = makeImage({ 'C:\\A': 'a', 'C:\\B': 'b' });
    queueRename(image, 'C:\\A', 'C:\\B', DELAY);
    const report = reboot(image);
    expect(report.entries[0].error).toMatchObject({ code: 'ERROR_ALREADY_EXISTS', errno: 183 });
    expect(tree(image)).toEqual({ 'C:\\A': 'a', 'C:\\B': 'b' });
  });

  it('B4: destination exists, ! — replaced', () => {
    const image = makeImage({ 'C:\\A': 'a', 'C:\\B': 'b' });
    queueRename(image, 'C:\\A', 'C:\\B', REPLACE);
    expect(outcomes(reboot(image))).toEqual(['replaced']);
    expect(tree(image)).toEqual({ 'C:\\B': 'a' });
  });

  it("B4: ReactOS '@' on a destination replaces like '!'", () => {
    const image = makeImage({ 'C:\\A': 'a', 'C:\\B': 'b' });
    setQueue(image, ['\\??\\C:\\A', '@\\??\\C:\\B']);
    expect(outcomes(reboot(image))).toEqual(['replaced']);
    expect(tree(image)).toEqual({ 'C:\\B': 'a' });
  });

  it('B5: read-only destination with ! — its attributes are cleared and it is replaced', () => {
    const image = makeImage({ 'C:\\A': 'a', 'C:\\B': { data: 'b', attributes: RO } });
    queueRename(image, 'C:\\A', 'C:\\B', REPLACE);
    expect(outcomes(reboot(image))).toEqual(['replaced']);
    expect(tree(image)).toEqual({ 'C:\\B': 'a' });
  });

  it('B6: ! onto an existing directory — fails (ERROR_ACCESS_DENIED); both left', () => {
    const image = makeImage({ 'C:\\A': 'a', 'C:\\D\\inner': 'i' });
    queueRename(image, 'C:\\A', 'C:\\D', REPLACE);
    expect(outcomes(reboot(image))).toEqual(['failed ERROR_ACCESS_DENIED']);
    expect(tree(image)).toEqual({ 'C:\\A': 'a', 'C:\\D': '<dir>', 'C:\\D\\inner': 'i' });
  });

  it('B7: source missing — fails silently (ERROR_FILE_NOT_FOUND / ERROR_PATH_NOT_FOUND); the entry is dropped', () => {
    const image = makeImage({ 'C:\\B': 'b' });
    queueRename(image, 'C:\\A', 'C:\\C', DELAY);
    queueRename(image, 'C:\\NO\\A', null, DELAY);
    expect(outcomes(reboot(image))).toEqual(['failed ERROR_FILE_NOT_FOUND', 'failed ERROR_PATH_NOT_FOUND']);
    expect(queueBytes(image)).toBeUndefined();
    expect(outcomes(reboot(image))).toEqual([]);
  });

  it("B8: destination's parent folder missing — fails (renames never create folders)", () => {
    const image = makeImage({ 'C:\\A': 'a', 'C:\\F': 'a file, not a folder' });
    queueRename(image, 'C:\\A', 'C:\\missing\\A', DELAY);
    queueRename(image, 'C:\\A', 'C:\\F\\X\\A', DELAY);
    expect(outcomes(reboot(image))).toEqual(['failed ERROR_PATH_NOT_FOUND', 'failed ERROR_PATH_NOT_FOUND']);
    expect(tree(image)).toEqual({ 'C:\\A': 'a', 'C:\\F': 'a file, not a folder' });
  });

  it('B9: delete a file — deleted', () => {
    const image = makeImage({ 'C:\\WINNT\\old.dll': 'x' });
    queueRename(image, 'C:\\WINNT\\old.dll', null, DELAY);
    expect(outcomes(reboot(image))).toEqual(['deleted']);
    expect(tree(image)).toEqual({ 'C:\\WINNT': '<dir>' });
  });

  it('B10: delete a read-only file — fails (ERROR_ACCESS_DENIED); the file stays', () => {
    const image = makeImage({ 'C:\\ro.dll': { data: 'x', attributes: RO } });
    queueRename(image, 'C:\\ro.dll', null, DELAY);
    const report = reboot(image);
    expect(report.entries[0].error).toMatchObject({ code: 'ERROR_ACCESS_DENIED', errno: 5 });
    expect(tree(image)).toEqual({ 'C:\\ro.dll': 'x (ro)' });
  });

  it('B11: delete an empty directory — removed', () => {
    const image = makeImage({}, ['C:\\empty']);
    queueRename(image, 'C:\\empty', null, DELAY);
    expect(outcomes(reboot(image))).toEqual(['deleted']);
    expect(tree(image)).toEqual({});
  });

  it('B12: delete a non-empty directory — fails (ERROR_DIR_NOT_EMPTY, 145); nothing inside is touched', () => {
    const image = makeImage({ 'C:\\dir\\a': 'a', 'C:\\dir\\sub\\b': 'b' });
    queueRename(image, 'C:\\dir', null, DELAY);
    const report = reboot(image);
    expect(report.entries[0].error).toMatchObject({ code: 'ERROR_DIR_NOT_EMPTY', errno: 145 });
    expect(Object.keys(tree(image))).toHaveLength(4);
  });

  it('B12: queue the files first, then the folder: all removed', () => {
    const image = makeImage({ 'C:\\dir\\a': 'a', 'C:\\dir\\b': 'b' });
    for (const path of ['C:\\dir\\a', 'C:\\dir\\b', 'C:\\dir']) queueRename(image, path, null, DELAY);
    expect(outcomes(reboot(image))).toEqual(['deleted', 'deleted', 'deleted']);
    expect(tree(image)).toEqual({});
  });

  it('B13: rename a directory on the same volume — allowed, its subtree moves with it', () => {
    const image = makeImage({ 'C:\\old\\a': 'a', 'C:\\old\\sub\\b': 'b' }, ['C:\\parent']);
    queueRename(image, 'C:\\old', 'C:\\parent\\new', DELAY);
    expect(outcomes(reboot(image))).toEqual(['renamed']);
    expect(tree(image)).toEqual({
      'C:\\parent': '<dir>',
      'C:\\parent\\new': '<dir>',
      'C:\\parent\\new\\a': 'a',
      'C:\\parent\\new\\sub': '<dir>',
      'C:\\parent\\new\\sub\\b': 'b',
    });
  });

  it('B13: a directory cannot move into its own subtree', () => {
    const image = makeImage({ 'C:\\d\\inner\\x': 'x' });
    queueRename(image, 'C:\\d', 'C:\\d\\inner\\d2', DELAY);
    expect(outcomes(reboot(image))).toEqual(['failed ERROR_SHARING_VIOLATION']);
  });

  it('B14: cross-volume rename — fails with ERROR_NOT_SAME_DEVICE (17); nothing is copied', () => {
    const image = makeImage({ 'C:\\a.dll': 'a' });
    queueRename(image, 'C:\\a.dll', 'D:\\a.dll', DELAY);
    const report = reboot(image);
    expect(report.entries[0].error).toMatchObject({ code: 'ERROR_NOT_SAME_DEVICE', errno: 17 });
    expect(tree(image)).toEqual({ 'C:\\a.dll': 'a' });
  });

  it('B15: the report lists every entry with its outcome and Win32 error, and the counts', () => {
    const image = makeImage({ 'C:\\a': 'a', 'C:\\b': 'b', 'C:\\c': 'c', 'C:\\d': 'd' });
    queueRename(image, 'C:\\a', 'C:\\a2', DELAY);
    queueRename(image, 'C:\\b', 'C:\\c', REPLACE);
    queueRename(image, 'C:\\d', null, DELAY);
    queueRename(image, 'C:\\zz', null, DELAY);
    const report = reboot(image);
    expect(report.entries).toEqual([
      {
        value: 1,
        index: 0,
        source: '\\??\\C:\\a',
        destination: '\\??\\C:\\a2',
        replaceExisting: false,
        outcome: 'renamed',
      },
      {
        value: 1,
        index: 1,
        source: '\\??\\C:\\b',
        destination: '\\??\\C:\\c',
        replaceExisting: true,
        outcome: 'replaced',
      },
      {
        value: 1,
        index: 2,
        source: '\\??\\C:\\d',
        destination: null,
        replaceExisting: false,
        outcome: 'deleted',
      },
      {
        value: 1,
        index: 3,
        source: '\\??\\C:\\zz',
        destination: null,
        replaceExisting: false,
        outcome: 'failed',
        error: {
          code: 'ERROR_FILE_NOT_FOUND',
          errno: 2,
          message: expect.stringContaining('ERROR_FILE_NOT_FOUND'),
        },
      },
    ]);
    expect(report.counts).toEqual({ renamed: 1, replaced: 1, deleted: 1, failed: 1 });
    expect(report.mode).toBe('windows');
  });

  it('B16: both values are deleted before any entry runs; failed entries are never retried', () => {
    const image = makeImage({ 'C:\\A': 'a', 'C:\\B': 'b' });
    queueRename(image, 'C:\\A', 'C:\\B', DELAY);
    setQueue(image, ['\\??\\C:\\nothing', ''], 'PendingFileRenameOperations2');
    const first = reboot(image);
    expect(outcomes(first)).toEqual(['failed ERROR_ALREADY_EXISTS', 'failed ERROR_FILE_NOT_FOUND']);
    expect(image.registry.listValues(SESSION_MANAGER_KEY)).toEqual([]);
    expect(reboot(image).entries).toEqual([]);
    expect(tree(image)).toEqual({ 'C:\\A': 'a', 'C:\\B': 'b' });
  });

  it('B16: damaged data is reported as problems and every readable entry still runs', () => {
    const image = makeImage({ 'C:\\A': 'a' });
    setQueue(image, ['\\??\\C:\\A', '', '\\??\\C:\\dangling']);
    const report = reboot(image);
    expect(outcomes(report)).toEqual(['deleted']);
    expect(report.problems.map((p) => p.message)).toEqual([expect.stringContaining('has no destination')]);
  });

  it('B17: paths without \\??\\ fail to open (ERROR_PATH_NOT_FOUND); so do network paths', () => {
    const image = makeImage({ 'C:\\A': 'a', 'C:\\B': 'b' });
    setQueue(image, ['C:\\A', '\\??\\C:\\A2', '\\??\\C:\\B', 'C:\\B2', '\\??\\UNC\\srv\\share\\x', '']);
    expect(outcomes(reboot(image))).toEqual([
      'failed ERROR_PATH_NOT_FOUND',
      'failed ERROR_PATH_NOT_FOUND',
      'failed ERROR_PATH_NOT_FOUND',
    ]);
    expect(tree(image)).toEqual({ 'C:\\A': 'a', 'C:\\B': 'b' });
  });

  it('B18: without AllowProtectedRenames a protected target is not overwritten', () => {
    const image = makeImage({
      'C:\\WINNT\\system32\\ntdll.dll': 'old',
      'C:\\WINNT\\system32\\ntdll.new': 'new',
    });
    protect(image, 'C:\\WINNT\\system32\\ntdll.dll');
    queueRename(image, 'C:\\WINNT\\system32\\ntdll.new', 'C:\\WINNT\\system32\\ntdll.dll', REPLACE);
    const report = reboot(image);
    expect(report.allowProtectedRenames).toBe(false);
    expect(outcomes(report)).toEqual(['failed ERROR_ACCESS_DENIED']);
    expect(image.readFile('C:\\WINNT\\system32\\ntdll.dll').toString()).toBe('old');
  });

  it('B18: with AllowProtectedRenames = 1 the protected file is replaced, and the value is deleted after the boot', () => {
    const image = makeImage({
      'C:\\WINNT\\system32\\ntdll.dll': 'old',
      'C:\\WINNT\\system32\\ntdll.new': 'new',
    });
    protect(image, 'C:\\WINNT\\system32\\ntdll.dll');
    allowProtectedRenames(image);
    queueRename(image, 'C:\\WINNT\\system32\\ntdll.new', 'C:\\WINNT\\system32\\ntdll.dll', REPLACE);
    const report = reboot(image);
    expect(report.allowProtectedRenames).toBe(true);
    expect(outcomes(report)).toEqual(['replaced']);
    expect(image.readFile('C:\\WINNT\\system32\\ntdll.dll').toString()).toBe('new');
    expect(image.registry.getRawValue(SESSION_MANAGER_KEY, 'AllowProtectedRenames')).toBeUndefined();
  });

  it('B18: AllowProtectedRenames other than 1 does not allow, and is deleted too', () => {
    const image = makeImage({ 'C:\\p.dll': 'old', 'C:\\p.new': 'new' });
    protect(image, 'C:\\p.dll');
    allowProtectedRenames(image, 0);
    queueRename(image, 'C:\\p.new', 'C:\\p.dll', REPLACE);
    expect(outcomes(reboot(image))).toEqual(['failed ERROR_ACCESS_DENIED']);
    expect(image.registry.getRawValue(SESSION_MANAGER_KEY, 'AllowProtectedRenames')).toBeUndefined();
  });

  it('B19: no process runs at boot: share modes and mapped images do not stop the renames; handles are closed', () => {
    const image = makeImage({ 'C:\\svc.exe': 'old', 'C:\\svc.new': 'new', 'C:\\open.log': 'log' });
    image.startProcess('svc.exe', { holds: ['C:\\svc.exe'] });
    image.open('C:\\open.log', { access: ['read', 'write'], share: [], process: 'svc.exe' });
    queueRename(image, 'C:\\svc.new', 'C:\\svc.exe', REPLACE);
    queueRename(image, 'C:\\open.log', null, DELAY);
    const report = reboot(image);
    expect(report.processesEnded).toBe(1);
    expect(outcomes(report)).toEqual(['replaced', 'deleted']);
    expect(image.openHandleCount).toBe(0);
    expect(tree(image)).toEqual({ 'C:\\svc.exe': 'new' });
  });
});

describe('reboot: the machine side', () => {
  it('leaves Terminal Server install mode, advances the clock and logs 6006, 6009, 6005', () => {
    const image = makeImage();
    image.session.installMode = true;
    const before = image.clock;
    reboot(image);
    expect(image.session.installMode).toBe(false);
    expect(image.clock).toBeGreaterThan(before);
    expect(image.events.map((e) => e.eventId)).toEqual([6006, 6009, 6005]);
    expect(image.events[1].message).toMatch(/^Microsoft \(R\) Windows 2000/);
  });

  it('starts automatic services again; they take their (new) files', () => {
    const image = makeImage({
      'C:\\WINNT\\system32\\spoolsv.exe': 'v1',
      'C:\\WINNT\\system32\\spoolsv.new': 'v2',
    });
    image.defineService({
      name: 'Spooler',
      displayName: 'Print Spooler',
      imagePath: 'C:\\WINNT\\system32\\spoolsv.exe',
      start: 'auto',
      process: 'spoolsv.exe',
      holds: ['C:\\WINNT\\system32\\spoolsv.exe'],
    });
    image.startService('Spooler');
    queueRename(image, 'C:\\WINNT\\system32\\spoolsv.new', 'C:\\WINNT\\system32\\spoolsv.exe', REPLACE);
    const report = reboot(image);
    expect(report.servicesStarted).toEqual(['Spooler']);
    const [process] = image.processes();
    expect(process).toMatchObject({
      name: 'spoolsv.exe',
      service: 'Spooler',
      holds: ['C:\\WINNT\\system32\\spoolsv.exe'],
    });
    expect(image.readFile('C:\\WINNT\\system32\\spoolsv.exe').toString()).toBe('v2');
    expect(image.find('C:\\WINNT\\system32\\spoolsv.exe')!.mappedBy).toBe(1);
  });
});
