import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  describePayloadNameProblem,
  describeTargetProblem,
  payloadNameProblem,
  targetProblem,
} from '../../src/package/names.js';

/** Characters around every rule: separators, dots, spaces, refused characters, letters of device names. */
const alphabet = [
  ...'aZ09_-$~#.. /\\:%<>|?*"',
  'C',
  'O',
  'N',
  'U',
  'L',
  'P',
  'R',
  'X',
  'M',
  'T',
  '1',
  '\u0001',
  'é',
];
const pieces = [
  'CON',
  'con.txt',
  'NUL',
  'COM1',
  'com0',
  'LPT9.log',
  'LPT1x',
  'AUX ',
  '..',
  '.',
  '%SystemRoot%\\',
  'C:\\',
  'i386/',
  'Driver Cache',
];
const text = fc
  .array(fc.oneof(fc.constantFrom(...alphabet), fc.constantFrom(...pieces)), { maxLength: 12 })
  .map((parts) => parts.join(''));

describe('names: the shortcut for plain names gives the same answer as the full checks', () => {
  it('payload member names', () => {
    fc.assert(
      fc.property(text, (name) => {
        expect(payloadNameProblem(name)).toBe(describePayloadNameProblem(name));
      }),
      { numRuns: 5000 },
    );
    for (const name of [
      'i386/CON',
      'i386/con.sys',
      'a/COM1.dll',
      'a/b.',
      'a/b ',
      'a//b',
      'a/../b',
      'x'.repeat(1025),
    ])
      expect(payloadNameProblem(name)).toBeDefined();
    for (const name of ['i386/ntoskrnl.exe', 'i386/COM0.dll', 'a/LPT1x', 'Driver Cache/sp4.cab'])
      expect(payloadNameProblem(name)).toBeUndefined();
  });

  it('install targets', () => {
    fc.assert(
      fc.property(fc.tuple(fc.constantFrom('%SystemRoot%\\', 'C:\\', '%X%\\', ''), text), ([root, rest]) => {
        expect(targetProblem(root + rest)).toBe(describeTargetProblem(root + rest));
      }),
      { numRuns: 5000 },
    );
    for (const target of ['%SystemRoot%\\CON', 'C:\\a\\nul.txt', 'C:\\a.', 'C:\\', `C:\\${'x'.repeat(257)}`])
      expect(targetProblem(target)).toBeDefined();
    for (const target of ['%SystemRoot%\\Driver Cache\\i386\\sp4.cab', 'C:\\COM0', 'd:\\x.y.z'])
      expect(targetProblem(target)).toBeUndefined();
  });
});
