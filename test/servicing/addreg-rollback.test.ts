import { describe, expect, test } from 'vitest';
import { digestImage } from '../../src/image/index.js';
import { abortTransaction, beginTransaction } from '../../src/ops/index.js';
import { RegistryRecorder, restoreRegistry } from '../../src/servicing/registry-changes.js';
import { serverImage } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

const LONG_NAME = 'x'.repeat(16_384);

describe('a failed AddReg', () => {
  test('a value the registry refuses in a key AddReg created: the rollback removes the key too', () => {
    const image = serverImage();
    const before = digestImage(coreOf(image));
    beginTransaction(coreOf(image), 'install test', { mode: 'rollback' });
    const recorder = new RegistryRecorder(coreOf(image));
    expect(() => recorder.set('HKLM\\SOFTWARE\\Svcpack\\Created\\Deeper', LONG_NAME, 'REG_SZ', 'v')).toThrow(
      /value name/,
    );
    abortTransaction(coreOf(image));
    expect(coreOf(image).registry.keyExists('HKLM\\SOFTWARE\\Svcpack')).toBe(false);
    expect(digestImage(coreOf(image))).toBe(before);
  });
});

describe('what an install remembers of the registry', () => {
  test('values whose names only the host folds together (straße and STRASSE, µ and Μ) each get their old value back', () => {
    const image = serverImage();
    const key = 'HKLM\\SOFTWARE\\Svcpack\\Names';
    for (const name of ['STRASSE', 'Μ']) image.registry.setValue(key, name, 'REG_SZ', `old ${name}`);
    const recorder = new RegistryRecorder(coreOf(image));
    for (const name of ['straße', 'STRASSE', 'µ', 'Μ']) recorder.set(key, name, 'REG_SZ', `new ${name}`);
    restoreRegistry(coreOf(image), recorder.undo);
    expect(image.registry.listValues(key)).toEqual(['STRASSE', 'Μ']);
    expect(image.registry.getValue(key, 'STRASSE')?.data).toBe('old STRASSE');
    expect(image.registry.getValue(key, 'Μ')?.data).toBe('old Μ');
  });
});

describe('uninstalling a DelReg', () => {
  test('gives a deleted value back under its stored name, not the spelling the INF used', () => {
    const image = serverImage();
    const key = 'HKLM\\SOFTWARE\\Svcpack\\Names';
    image.registry.setValue(key, 'MixedCase', 'REG_DWORD', 7);
    const before = digestImage(coreOf(image));
    const recorder = new RegistryRecorder(coreOf(image));
    recorder.deleteValue(key, 'MIXEDCASE');
    restoreRegistry(coreOf(image), recorder.undo);
    expect(image.registry.listValues(key)).toEqual(['MixedCase']);
    expect(digestImage(coreOf(image))).toBe(before);
  });
});
