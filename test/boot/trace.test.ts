import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { MOVEFILE, writeFile } from '../../src/ops/index.js';
import { decodeTrace, encodeTrace, queueRename, recordReboot, replayTrace } from '../../src/boot/index.js';
import { fork, makeImage } from './helpers.js';

const DELAY = MOVEFILE.DELAY_UNTIL_REBOOT;
const REPLACE = DELAY | MOVEFILE.REPLACE_EXISTING;

function machine(): ImageCore {
  const image = makeImage({
    'C:\\WINNT\\system32\\a.new': 'a2',
    'C:\\WINNT\\system32\\a.dll': 'a1',
    'C:\\WINNT\\old.dll': 'old',
    'C:\\WINNT\\b.dll': 'b',
  });
  queueRename(image, 'C:\\WINNT\\system32\\a.new', 'C:\\WINNT\\system32\\a.dll', REPLACE);
  queueRename(image, 'C:\\WINNT\\old.dll', null, DELAY);
  queueRename(image, 'C:\\WINNT\\b.dll', 'C:\\WINNT\\system32\\a.dll', DELAY);
  return image;
}

describe('record and replay of a reboot cycle', () => {
  it('a recorded cycle replays on another copy of the image with the same result', () => {
    const image = machine();
    const copy = fork(image);
    const { report, trace } = recordReboot(image, { mode: 'transactional' });
    const replayed = replayTrace(copy, decodeTrace(encodeTrace(trace)));
    expect(replayed.divergences).toEqual([]);
    expect(replayed.report.entries).toEqual(report.entries);
    expect(digestImage(copy)).toBe(digestImage(image));
  });

  it('the trace holds the queue, the pre-state of every path the queue touches, and the report', () => {
    const { trace } = recordReboot(machine());
    expect(trace.mode).toBe('windows');
    expect(trace.values['PendingFileRenameOperations']?.type).toBe(7);
    const a = trace.paths.find((p) => p.path === 'C:\\WINNT\\system32\\a.dll');
    expect(a).toMatchObject({ exists: true, isDir: false, size: 2, attributes: 0x20, protected: false });
    expect(a?.xxh64).toMatch(/^[0-9a-f]{16}$/);
    expect(trace.paths.find((p) => p.path === 'C:\\WINNT\\system32')).toMatchObject({
      exists: true,
      isDir: true,
      children: 2,
    });
    expect(trace.report.entries.map((e) => e.outcome)).toEqual(['replaced', 'deleted', 'failed']);
  });

  it('a replay that diverges says where: the path and what differs, then the entry whose outcome differs', () => {
    const image = machine();
    const copy = fork(image);
    const { trace } = recordReboot(image);
    writeFile(copy, 'C:\\WINNT\\old.dll', Buffer.from('different'), { attributes: ['readonly'] });
    const { divergences } = replayTrace(copy, trace);
    expect(divergences).toContain('C:\\WINNT\\old.dll: size 3 in the trace, 9 here');
    expect(divergences).toContain('C:\\WINNT\\old.dll: attributes 32 in the trace, 33 here');
    expect(divergences.some((d) => d.startsWith('C:\\WINNT\\old.dll: xxh64'))).toBe(true);
    expect(divergences).toContain(
      'entry 1, value 1 entry 1 (\\??\\C:\\WINNT\\old.dll delete): deleted in the trace, failed (ERROR_ACCESS_DENIED) in the replay',
    );
  });

  it('a replay on an image with another queue names the registry value', () => {
    const image = machine();
    const { trace } = recordReboot(image);
    const other = makeImage();
    const { divergences } = replayTrace(other, trace);
    expect(divergences[0]).toMatch(
      /^registry .*\\PendingFileRenameOperations: type 7, \d+ bytes in the trace, absent here$/,
    );
    expect(divergences).toContain(
      'entry 0: the trace has value 1 entry 0 (\\??\\C:\\WINNT\\system32\\a.new -> !\\??\\C:\\WINNT\\system32\\a.dll), the replay no entry',
    );
  });

  it('decodeTrace: bad input is an InputError listing every problem with where it is', () => {
    const { trace } = recordReboot(machine());
    expect(() => decodeTrace('{ not json', 'x.trace')).toThrow(InputError);
    const broken = JSON.parse(encodeTrace(trace)) as Record<string, unknown>;
    broken.version = 2;
    (broken.paths as { exists: unknown }[])[0].exists = 'yes';
    try {
      decodeTrace(JSON.stringify(broken), 'x.trace');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const where = (error as InputError).problems.map((p) => p.where);
      expect(where).toContain('/version');
      expect(where).toContain('/paths/0/exists');
      expect((error as InputError).source).toBe('x.trace');
    }
  });

  it('a queue naming a file only an NT path reaches (nul, foo.) is recorded with that file state and replays', () => {
    const image = makeImage({ 'C:\\WINNT\\a.new': 'a', 'C:\\WINNT\\foo': 'plain' });
    writeFile(image, '\\\\?\\C:\\WINNT\\nul', Buffer.from('device-named'));
    writeFile(image, '\\\\?\\C:\\WINNT\\foo.', Buffer.from('dotted'));
    queueRename(image, '\\\\?\\C:\\WINNT\\nul', null, DELAY);
    queueRename(image, 'C:\\WINNT\\a.new', '\\\\?\\C:\\WINNT\\foo.', REPLACE);
    const copy = fork(image);
    const { trace } = recordReboot(image);
    expect(trace.paths.find((p) => p.path === 'C:\\WINNT\\nul')).toMatchObject({ exists: true, size: 12 });
    expect(trace.paths.find((p) => p.path === 'C:\\WINNT\\foo.')).toMatchObject({ exists: true, size: 6 });
    expect(replayTrace(copy, decodeTrace(encodeTrace(trace))).divergences).toEqual([]);
    expect(digestImage(copy)).toBe(digestImage(image));
  });
});
