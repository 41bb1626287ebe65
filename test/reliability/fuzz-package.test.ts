/**
 * Package fuzzing: truncation at every byte of a small package, byte flips with and without a
 * recomputed integrity hash. Each input is read and, if it reads, installed: the outcome is a
 * package or a precise InputError/WinError (TRUST_E_* included), never a TypeError or RangeError,
 * and a refused install leaves the image unchanged.
 */
import fc from 'fast-check';
import { beforeAll, describe, expect, test } from 'vitest';
import { InputError, WinError } from '../../src/errors/index.js';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { readPackageLayout } from '../../src/package/format-decode.js';
import { integrityHash } from '../../src/package/format.js';
import { Package } from '../../src/package/index.js';
import { install } from '../../src/servicing/index.js';
import { forkCore } from '../helpers/recovery-sweep.js';
import { smallServer, tinyHotfix } from '../servicing/small-server.js';
import { recordFigure, rerun, scaled, yieldToEventLoop } from './figures.js';

const FILE = 'test/reliability/fuzz-package.test.ts';
let base: ImageCore;
let baseDigest: string;
let good: Uint8Array;
let goodContent: string[];

beforeAll(() => {
  base = smallServer();
  baseDigest = digestImage(base);
  good = tinyHotfix().toBytes();
  goodContent = content(Package.fromBytes(good));
});

type Outcome = 'read' | 'InputError' | 'WinError';

/** The manifest and every member's bytes: what an install of the package would write. */
function content(pkg: Package): string[] {
  return [
    Buffer.from(pkg.manifestBytes()).toString('hex'),
    ...pkg.fileBytes().map((b) => Buffer.from(b).toString('hex')),
  ];
}

/** Reads `bytes` as a package; a precise refusal is an outcome, anything else fails the test. */
function read(bytes: Uint8Array): { outcome: Outcome; pkg?: Package } {
  try {
    return { outcome: 'read', pkg: Package.fromBytes(bytes, { source: 'fuzzed.svcpkg' }) };
  } catch (error) {
    if (error instanceof InputError) return { outcome: 'InputError' };
    if (error instanceof WinError) return { outcome: 'WinError' };
    throw error;
  }
}

/** Installs a package that read: installed, or refused with the image unchanged. */
async function installOrRefuse(pkg: Package): Promise<void> {
  const image = forkCore(base);
  let code: number;
  try {
    code = (await install(image, pkg, { switches: '-z' })).code;
  } catch (error) {
    if (!(error instanceof InputError || error instanceof WinError)) throw error;
    code = -1;
  }
  if (![0, 3010, 1641].includes(code)) expect(digestImage(image)).toBe(baseDigest);
}

/** Writes the integrity hash the damaged bytes now have, so that only the deeper checks remain. */
function withRecomputedIntegrity(bytes: Uint8Array): Uint8Array {
  try {
    const layout = readPackageLayout(bytes);
    const actual = integrityHash(bytes.subarray(0, layout.hashedLength), layout.integrityAlgorithm);
    Buffer.from(actual, 'hex').copy(
      Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length),
      layout.integrityOffset,
    );
  } catch (error) {
    if (!(error instanceof InputError)) throw error; // the structure itself is damaged: left as it is
  }
  return bytes;
}

function tally(counts: Map<Outcome, number>, outcome: Outcome): void {
  counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
}

describe('package fuzzing', () => {
  test('truncated at every byte: an InputError naming the offset, never another error', async () => {
    const every = scaled(1, 17);
    const counts = new Map<Outcome, number>();
    let tried = 0;
    for (let length = 0; length < good.length; length += every) {
      await yieldToEventLoop();
      const { outcome, pkg } = read(good.slice(0, length));
      tally(counts, outcome);
      expect(outcome, `truncated to ${length} of ${good.length} bytes`).toBe('InputError');
      if (pkg) await installOrRefuse(pkg);
      tried++;
    }
    recordFigure({
      kind: 'fuzz',
      what: `package truncated at every byte (${good.length}-byte hotfix)`,
      tried,
      command: rerun(FILE, 'truncated'),
    });
  });

  for (const recompute of [false, true]) {
    const how = recompute ? 'with the integrity hash recomputed' : 'as damaged';
    test(`byte flips ${how}: a precise refusal, or a package that installs or is refused cleanly`, async () => {
      const counts = new Map<Outcome, number>();
      let tried = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.record({ at: fc.nat(good.length - 1), xor: fc.integer({ min: 1, max: 255 }) }), {
            minLength: 1,
            maxLength: 4,
          }),
          async (flips) => {
            await yieldToEventLoop();
            const bytes = Uint8Array.from(good);
            for (const { at, xor } of flips) bytes[at] ^= xor;
            const damaged = recompute ? withRecomputedIntegrity(bytes) : bytes;
            // recomputing the integrity hash over a flip of the hash itself undoes the flip
            if (Buffer.compare(damaged, good) === 0) return;
            const { outcome, pkg } = read(damaged);
            tally(counts, outcome);
            if (pkg) {
              // a flip no check refuses must change nothing an install writes (the format version of a
              // one-member package, whose layout is the same in formats 2 and 3, is such a flip)
              expect(content(pkg), `flips ${JSON.stringify(flips)}`).toEqual(goodContent);
              await installOrRefuse(pkg);
            }
            tried++;
          },
        ),
        { numRuns: scaled(20000, 150) },
      );
      recordFigure({
        kind: 'fuzz',
        what: `package byte flips (1-4 bytes) ${how}`,
        tried,
        inner: counts.get('WinError') ?? 0,
        innerLabel: `refused with a WinError (TRUST_E_*); ${counts.get('InputError') ?? 0} InputError; ${counts.get('read') ?? 0} read with the same content`,
        command: rerun(FILE, `byte flips ${how}`),
      });
    });
  }
});
