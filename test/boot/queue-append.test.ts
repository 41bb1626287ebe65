/**
 * Queueing boot-time renames costs the pair appended, not the queue (issue 14, symptom 4): each
 * MoveFileEx logs one `regAppend` whose undo cuts back, and the registry grows the value in place.
 * The value's bytes as every reader sees them stay exactly what Windows writes.
 */
import { describe, expect, it } from 'vitest';
import {
  PENDING_RENAME_VALUES,
  SESSION_MANAGER_KEY,
  encodePendingRenames,
  queueRename,
  reboot,
  type PendingRenameRequest,
} from '../../src/boot/index.js';
import { PowerCut } from '../../src/errors/index.js';
import { ImageCore, decodeImage, digestImage, encodeImage } from '../../src/image/index.js';
import {
  MOVEFILE,
  armPowerCut,
  beginTransaction,
  commitTransaction,
  disarmPowerCut,
  opLog,
  setRegistryRawValue,
  undoSince,
  type LogRecord,
} from '../../src/ops/index.js';
import { exportReg } from '../../src/registry/index.js';
import { fork, makeImage, queueBytes } from './helpers.js';

const DELAY = MOVEFILE.DELAY_UNTIL_REBOOT;
const REPLACE = MOVEFILE.REPLACE_EXISTING;
const QUEUE = PENDING_RENAME_VALUES[1];

/** The i-th rename of a run: alternately a replace, a plain rename and a delete. */
function queueNth(image: ImageCore, i: number): PendingRenameRequest {
  const source = `C:\\WINNT\\system32\\f${i}.new`;
  if (i % 3 === 2) {
    queueRename(image, source, null, DELAY);
    return { source: `\\??\\${source}`, destination: null, replaceExisting: false };
  }
  const destination = `C:\\WINNT\\system32\\f${i}.dll`;
  queueRename(image, source, destination, i % 3 === 0 ? DELAY | REPLACE : DELAY);
  return { source: `\\??\\${source}`, destination: `\\??\\${destination}`, replaceExisting: i % 3 === 0 };
}

function queueMany(image: ImageCore, from: number, to: number): PendingRenameRequest[] {
  const requests: PendingRenameRequest[] = [];
  for (let i = from; i < to; i++) requests.push(queueNth(image, i));
  return requests;
}

/** The bytes a log record keeps: byte arrays and strings (two bytes a unit) of the op and its undo. */
function storedBytes(record: LogRecord): number {
  let total = 0;
  const count = (value: unknown): void => {
    if (value instanceof Uint8Array) total += value.byteLength;
    else if (typeof value === 'string') total += 2 * value.length;
    else if (Array.isArray(value)) value.forEach(count);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(count);
  };
  count(record.op);
  count(record.undo);
  return total;
}

/** A queue value as a program could have left it: entries, then an unterminated string and an odd byte. */
const DAMAGED = Buffer.concat([
  encodePendingRenames([
    { source: '\\??\\C:\\a', destination: '\\??\\C:\\b', replaceExisting: true },
  ]).subarray(0, -2),
  Buffer.from('\\??\\C:\\dangling', 'utf16le'),
  Buffer.from([0x41]),
]);

describe('queueing renames appends the pair (issue 14: queueing was quadratic)', () => {
  it('the op log keeps the same bytes per queued rename at 1 entry as at 2,000 (it kept the whole queue twice)', () => {
    const image = makeImage();
    const mark = opLog(image).position;
    queueMany(image, 0, 2_000);
    const records = opLog(image).since(mark);
    expect(records).toHaveLength(2_000);
    const sizes = records.map(storedBytes);
    // The i-th record held about i pairs before the fix; now each holds its pair and a cut terminator.
    const first = Math.max(...sizes.slice(0, 10));
    const last = Math.max(...sizes.slice(-10));
    expect(last).toBeLessThanOrEqual(first + 64);
    const total = sizes.reduce((a, b) => a + b, 0);
    expect(total).toBeLessThan(2_000 * (first + 64));
  });

  it('each queued pair after the first is one regAppend whose undo cuts back only the list terminator', () => {
    const image = makeImage();
    queueNth(image, 0);
    const mark = opLog(image).position;
    queueNth(image, 1);
    const [record] = opLog(image).since(mark);
    expect(record.op.kind).toBe('regAppend');
    expect(record.undo).toHaveLength(1);
    const undo = record.undo[0];
    expect(undo.kind === 'regAppend' && [...undo.bytes]).toEqual([0, 0]);
  });

  it('the value reads back byte for byte as Windows writes it, through reads, a fork and a save in between', () => {
    const image = makeImage();
    const requests = queueMany(image, 0, 50);
    const early = image.registry.getRawValue(SESSION_MANAGER_KEY, QUEUE)!.bytes;
    const earlyCopy = Buffer.from(early);
    const forked = fork(image);
    requests.push(...queueMany(image, 50, 120));
    const forkRequests = [...requests.slice(0, 50), ...queueMany(forked, 500, 530)];
    // A value read out before later appends keeps its bytes (the growth never writes over them).
    expect(Buffer.from(early)).toEqual(earlyCopy);
    expect(queueBytes(image)).toEqual(encodePendingRenames(requests));
    expect(queueBytes(forked)).toEqual(encodePendingRenames(forkRequests));
    const loaded = decodeImage(
      Buffer.concat(encodeImage(image)),
      'test',
      (registry) => new ImageCore({ registry }),
    );
    requests.push(...queueMany(loaded, 120, 130));
    expect(queueBytes(loaded)).toEqual(encodePendingRenames(requests));
    expect(exportReg(loaded.registry, SESSION_MANAGER_KEY)).toContain(
      '"PendingFileRenameOperations"=hex(7):',
    );
  });

  it('undo of the queued renames restores a damaged value exactly (unterminated string, odd byte)', () => {
    const image = makeImage();
    setRegistryRawValue(image, SESSION_MANAGER_KEY, QUEUE, 7, DAMAGED);
    const before = digestImage(image);
    const mark = opLog(image).position;
    queueMany(image, 0, 40);
    expect(queueBytes(image)!.length).toBeGreaterThan(DAMAGED.length);
    expect(undoSince(image, mark)).toBe(40);
    expect(queueBytes(image)).toEqual(DAMAGED);
    expect(digestImage(image)).toBe(before);
  });

  it('a power cut between appends of a transaction recovers the queue exactly as it was, at every cut, also after a save and load', () => {
    const original = makeImage();
    setRegistryRawValue(original, SESSION_MANAGER_KEY, QUEUE, 7, DAMAGED);
    const expected = fork(original);
    const expectedReport = reboot(expected);
    for (let k = 0; k <= 12; k++) {
      const image = fork(original);
      beginTransaction(image, 'queue renames');
      armPowerCut(image, k);
      const run = (): void => {
        queueMany(image, 0, 12);
        commitTransaction(image);
      };
      if (k < 12) expect(run).toThrow(PowerCut);
      else run();
      disarmPowerCut(image);
      if (k === 12) continue;
      const saved = decodeImage(
        Buffer.concat(encodeImage(image)),
        'cut',
        (registry) => new ImageCore({ registry }),
      );
      expect(reboot(saved).entries).toEqual(expectedReport.entries);
      expect(digestImage(saved), `cut after ${k}, saved and loaded`).toBe(digestImage(expected));
      const report = reboot(image);
      expect(report.recovered?.operations, `cut after ${k}`).toBe(k);
      expect(report.entries).toEqual(expectedReport.entries);
      expect(digestImage(image), `cut after ${k}`).toBe(digestImage(expected));
    }
  });
});
