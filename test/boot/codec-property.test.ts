import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { appendPendingRename, decodePendingRenames, encodePendingRenames } from '../../src/boot/codec.js';
import type { PendingRenameRequest } from '../../src/boot/queue-entry.js';

/** Any UTF-16 code unit except NUL, lone surrogates included. */
const codeUnit = fc.integer({ min: 1, max: 0xffff }).map((code) => String.fromCharCode(code));
const anyText = fc.string({
  unit: fc.oneof(codeUnit, fc.constantFrom('\\', '!', '@', 'a', 'é')),
  minLength: 1,
  maxLength: 12,
});
const ntPath = fc
  .tuple(fc.constantFrom('C', 'D', 'c'), anyText)
  .map(([drive, rest]) => `\\??\\${drive}:\\${rest}`);
const path = fc.oneof(ntPath, anyText);

const entry: fc.Arbitrary<PendingRenameRequest> = fc
  .oneof(
    { weight: 2, arbitrary: fc.record({ source: path, destination: path, replaceExisting: fc.boolean() }) },
    {
      weight: 1,
      arbitrary: fc.record({
        source: path,
        destination: fc.constant(null),
        replaceExisting: fc.constant(false),
      }),
    },
  )
  .filter(
    (e) =>
      // the encoder refuses these because they would read back differently (see its @throws)
      !(e.destination === null && e.source.startsWith('@')) &&
      !(e.destination !== null && !e.replaceExisting && /^[!@]/.test(e.destination)),
  );

const strip = (e: PendingRenameRequest): PendingRenameRequest => ({
  source: e.source,
  destination: e.destination,
  replaceExisting: e.replaceExisting,
});

describe('codec properties', () => {
  it('Q6: encode then decode gives the entries back, in order, deletes included', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (entries) => {
        const decoded = decodePendingRenames(encodePendingRenames(entries));
        expect(decoded.problems).toEqual([]);
        expect(decoded.endsWithDoubleNul).toBe(entries.length > 0);
        expect(decoded.entries.map(strip)).toEqual(entries);
        expect(decoded.entries.map((e) => e.index)).toEqual(entries.map((_, i) => i));
      }),
    );
  });

  it('decode then encode gives the same bytes back', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (entries) => {
        const bytes = Buffer.from(encodePendingRenames(entries));
        const again = Buffer.from(encodePendingRenames(decodePendingRenames(bytes).entries));
        expect(again.equals(bytes)).toBe(true);
      }),
    );
  });

  it('Q3: appending one entry at a time gives exactly the bytes of encoding them together', () => {
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 20 }), (entries) => {
        let value: Uint8Array | undefined;
        for (const e of entries) value = appendPendingRename(value, e);
        const expected = Buffer.from(encodePendingRenames(entries));
        expect(Buffer.from(value ?? encodePendingRenames([])).equals(expected)).toBe(true);
      }),
    );
  });

  it('never throws on arbitrary bytes; problem offsets lie within the data', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.constantFrom<1 | 2>(1, 2), (bytes, value) => {
        const result = decodePendingRenames(bytes, value);
        for (const problem of result.problems) {
          expect(problem.offset).toBeGreaterThanOrEqual(0);
          expect(problem.offset).toBeLessThanOrEqual(bytes.length);
        }
        for (const e of result.entries) {
          expect(e.value).toBe(value);
          expect(e.source).not.toContain('\0');
        }
      }),
    );
  });
});
