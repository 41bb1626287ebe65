import { describe, expect, it } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import { MOVEFILE, setRegistryValue } from '../../src/ops/index.js';
import { SESSION_MANAGER_KEY, decodePendingRenames, queueRename } from '../../src/boot/index.js';
import { makeImage, queueBytes, utf16 } from './helpers.js';

const DELAY = MOVEFILE.DELAY_UNTIL_REBOOT;
const REPLACE = MOVEFILE.REPLACE_EXISTING;

function thrown(fn: () => void): WinError {
  try {
    fn();
  } catch (error) {
    if (error instanceof WinError) return error;
    throw error;
  }
  throw new Error('expected a WinError');
}

describe('queueRename (MoveFileEx with MOVEFILE_DELAY_UNTIL_REBOOT)', () => {
  it('writes exactly what Windows writes: \\??\\ paths (the given path normalised, case kept), ! for REPLACE_EXISTING, empty destination for delete, final NUL', () => {
    const image = makeImage({ 'C:\\WINNT\\system32\\new.tmp': 'x' });
    queueRename(image, 'c:/winnt/system32/new.tmp', 'C:\\WINNT\\system32\\kernel32.dll', DELAY | REPLACE);
    queueRename(image, 'C:\\WINNT\\a.tmp', 'C:\\WINNT\\a.dll', DELAY);
    queueRename(image, 'C:\\WINNT\\old.dll', null, DELAY | REPLACE);
    const expected =
      '\\??\\C:\\winnt\\system32\\new.tmp\0!\\??\\C:\\WINNT\\system32\\kernel32.dll\0' +
      '\\??\\C:\\WINNT\\a.tmp\0\\??\\C:\\WINNT\\a.dll\0' +
      '\\??\\C:\\WINNT\\old.dll\0\0' +
      '\0';
    expect(queueBytes(image)).toEqual(utf16(expected));
    expect(image.registry.getRawValue(SESSION_MANAGER_KEY, 'PendingFileRenameOperations')?.type).toBe(7);
  });

  it('Q1: a caller without administrative rights gets ERROR_ACCESS_DENIED and nothing is queued', () => {
    const image = makeImage();
    image.session.administrator = false;
    const error = thrown(() => queueRename(image, 'C:\\a', 'C:\\b', DELAY));
    expect(error.code).toBe('ERROR_ACCESS_DENIED');
    expect(error.errno).toBe(5);
    expect(queueBytes(image)).toBeUndefined();
  });

  it('Q2: the source need not exist (a missing or locked source is accepted)', () => {
    const image = makeImage({ 'C:\\locked.dll': 'x' });
    image.startProcess('app.exe', { holds: ['C:\\locked.dll'] });
    queueRename(image, 'C:\\does\\not\\exist.tmp', 'C:\\x.dll', DELAY);
    queueRename(image, 'C:\\locked.dll', null, DELAY);
    const { entries } = decodePendingRenames(queueBytes(image)!);
    expect(entries.map((e) => e.source)).toEqual(['\\??\\C:\\does\\not\\exist.tmp', '\\??\\C:\\locked.dll']);
  });

  it('Q3: new pairs are appended in order to the existing value', () => {
    const image = makeImage();
    for (let i = 0; i < 5; i++) queueRename(image, `C:\\s${i}`, i % 2 ? null : `C:\\d${i}`, DELAY);
    const { entries, problems } = decodePendingRenames(queueBytes(image)!);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.source, e.destination])).toEqual([
      ['\\??\\C:\\s0', '\\??\\C:\\d0'],
      ['\\??\\C:\\s1', null],
      ['\\??\\C:\\s2', '\\??\\C:\\d2'],
      ['\\??\\C:\\s3', null],
      ['\\??\\C:\\s4', '\\??\\C:\\d4'],
    ]);
  });

  it('Q3: an existing value of another type makes the call fail (ERROR_INVALID_DATATYPE), value unchanged', () => {
    const image = makeImage();
    setRegistryValue(image, SESSION_MANAGER_KEY, 'PendingFileRenameOperations', 'REG_SZ', 'oops');
    const error = thrown(() => queueRename(image, 'C:\\a', 'C:\\b', DELAY));
    expect(error.code).toBe('ERROR_INVALID_DATATYPE');
    expect(image.registry.getValue(SESSION_MANAGER_KEY, 'PendingFileRenameOperations')).toEqual({
      type: 'REG_SZ',
      data: 'oops',
    });
  });

  it('Q3: as ReactOS, appends to PendingFileRenameOperations2 when that value already exists', () => {
    const image = makeImage();
    queueRename(image, 'C:\\one', 'C:\\two', DELAY);
    setRegistryValue(image, SESSION_MANAGER_KEY, 'PendingFileRenameOperations2', 'REG_MULTI_SZ', [
      '\\??\\C:\\x',
      '\\??\\C:\\y',
    ]);
    queueRename(image, 'C:\\three', null, DELAY);
    expect(decodePendingRenames(queueBytes(image)!).entries).toHaveLength(1);
    const second = decodePendingRenames(queueBytes(image, 'PendingFileRenameOperations2')!, 2).entries;
    expect(second.map((e) => [e.source, e.destination])).toEqual([
      ['\\??\\C:\\x', '\\??\\C:\\y'],
      ['\\??\\C:\\three', null],
    ]);
  });

  it('Q4: DELAY_UNTIL_REBOOT with COPY_ALLOWED or CREATE_HARDLINK, or a UNC source: ERROR_INVALID_PARAMETER', () => {
    const image = makeImage();
    for (const flags of [DELAY | MOVEFILE.COPY_ALLOWED, DELAY | MOVEFILE.CREATE_HARDLINK, DELAY | 0x40]) {
      expect(thrown(() => queueRename(image, 'C:\\a', 'C:\\b', flags)).code).toBe('ERROR_INVALID_PARAMETER');
    }
    const unc = thrown(() => queueRename(image, '\\\\server\\share\\a.dll', 'C:\\b', DELAY));
    expect(unc.code).toBe('ERROR_INVALID_PARAMETER');
    expect(unc.errno).toBe(87);
    expect(queueBytes(image)).toBeUndefined();
  });

  it('Q4: invalid flags are refused before the rights are checked', () => {
    const image = makeImage();
    image.session.administrator = false;
    expect(thrown(() => queueRename(image, 'C:\\a', 'C:\\b', DELAY | MOVEFILE.COPY_ALLOWED)).code).toBe(
      'ERROR_INVALID_PARAMETER',
    );
  });

  it('Q5: WRITE_THROUGH is accepted and changes nothing in what is written', () => {
    const plain = makeImage();
    const through = makeImage();
    queueRename(plain, 'C:\\a', 'C:\\b', DELAY | REPLACE);
    queueRename(through, 'C:\\a', 'C:\\b', DELAY | REPLACE | MOVEFILE.WRITE_THROUGH);
    expect(queueBytes(through)).toEqual(queueBytes(plain));
  });

  it('Q6: a null destination queues a delete entry (empty destination, never !)', () => {
    const image = makeImage();
    queueRename(image, 'C:\\gone.dll', null, DELAY | REPLACE);
    expect(queueBytes(image)).toEqual(utf16('\\??\\C:\\gone.dll\0\0\0'));
    const [entry] = decodePendingRenames(queueBytes(image)!).entries;
    expect(entry).toMatchObject({ destination: null, replaceExisting: false, rawDestination: '' });
  });

  it('Q7: returns once recorded, even when the boot-time operation cannot succeed', () => {
    const image = makeImage({ 'C:\\dest': 'exists' });
    expect(queueRename(image, 'C:\\missing', 'C:\\dest', DELAY)).toBeUndefined();
    expect(queueRename(image, 'C:\\a', 'D:\\other-volume', DELAY)).toBeUndefined();
    expect(decodePendingRenames(queueBytes(image)!).entries).toHaveLength(2);
  });

  it('refuses a machine that is off (a power cut) with ERROR_NOT_READY', () => {
    const image = makeImage();
    image.poweredOff = true;
    expect(thrown(() => queueRename(image, 'C:\\a', 'C:\\b', DELAY)).code).toBe('ERROR_NOT_READY');
  });
});
