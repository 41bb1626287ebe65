import { describe, expect, it } from 'vitest';
import { InputError, WinError } from '../../src/errors/index.js';
import { encodeImage } from '../../src/image/index.js';
import { parseWineReg } from '../../src/host/index.js';
import { WinImage } from '../../src/machine/index.js';
import { MAX_KEY_DEPTH } from '../../src/registry/index.js';
import { install } from '../../src/servicing/index.js';
import { buildPackage, digestWithoutLogs, serverImage } from '../servicing/helpers.js';
import { coreOf } from '../../src/machine/internal.js';

/** A key `depth` names below HKLM: SOFTWARE, then `depth - 1` more. */
function deepKey(depth: number): string {
  return ['HKLM', 'SOFTWARE', ...Array.from({ length: depth - 1 }, (_, i) => `k${i}`)].join('\\');
}

/** The error `fn` throws (the test fails if it throws none). */
function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected a refusal');
}

function expectInvalidParameter(image: WinImage, change: () => void): void {
  const before = image.digest();
  const error = thrown(change);
  expect(error).toBeInstanceOf(WinError);
  expect((error as WinError).errno).toBe(87);
  expect(image.digest(), 'a refusal changes nothing').toBe(before);
}

/** The image saved to bytes and read back. */
function reloaded(image: WinImage): WinImage {
  return WinImage.fromBytes(Buffer.concat(encodeImage(coreOf(image))));
}

describe('R2: registry and file limits, checked at the door', () => {
  it('R2: a key 512 levels deep is accepted and survives save and load; 513 is refused with 87', () => {
    const image = WinImage.empty();
    expect(MAX_KEY_DEPTH).toBe(512);
    image.registry.setValue(deepKey(512), 'Deep', 'REG_SZ', 'bottom');
    expect(reloaded(image).registry.getValue(deepKey(512), 'Deep')?.data).toBe('bottom');
    expectInvalidParameter(image, () => image.registry.setValue(deepKey(513), 'Deeper', 'REG_SZ', 'x'));
    expectInvalidParameter(image, () => image.registry.createKey(deepKey(513)));
    expect(reloaded(image).digest()).toBe(image.digest());
  });

  it('R2: a key name over 255 characters and a value name over 16,383 are refused with 87, leaving no new key behind', () => {
    const image = WinImage.empty();
    image.registry.setValue(`HKLM\\SOFTWARE\\${'k'.repeat(255)}`, 'v'.repeat(16_383), 'REG_DWORD', 1);
    expectInvalidParameter(image, () => image.registry.createKey(`HKLM\\SOFTWARE\\${'k'.repeat(256)}`));
    expectInvalidParameter(image, () =>
      image.registry.setValue('HKLM\\SOFTWARE\\Vendor', 'v'.repeat(16_384), 'REG_DWORD', 1),
    );
    expect(reloaded(image).digest()).toBe(image.digest());
  });

  it('R2: importReg with a key 513 levels deep is an InputError and changes nothing', () => {
    const image = WinImage.create();
    const before = image.digest();
    const text = `Windows Registry Editor Version 5.00\r\n\r\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Fine]\r\n"a"=dword:00000001\r\n\r\n[${deepKey(513)}]\r\n"b"=dword:00000002\r\n`;
    const error = thrown(() => image.registry.importReg(text));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).message).toMatch(/too deep/);
    expect(image.digest()).toBe(before);
  });

  it("R2: a package's AddReg key 513 levels deep is refused when the package is built", () => {
    const key = deepKey(513).slice('HKLM\\'.length);
    const error = thrown(() =>
      buildPackage([], { registry: [{ op: 'AddReg', root: 'HKLM', key, name: 'x', value: 'y' }] }),
    );
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems).toContainEqual({
      where: '/registry/0/key',
      message: 'key nested too deep',
    });
  });

  it('R2: a Wine system.reg with a key 513 levels deep is an InputError naming the line', () => {
    const name = deepKey(513).slice('HKLM\\'.length).replaceAll('\\', '\\\\');
    const text = `WINE REGISTRY Version 2\n;; All keys relative to \\\\Machine\n\n[${name}] 1700000000\n"a"=dword:00000001\n`;
    const error = thrown(() => parseWineReg(text, 'HKLM', 'system.reg'));
    expect(error).toBeInstanceOf(InputError);
    expect((error as InputError).problems[0].where).toBe('4:2');
    expect((error as InputError).problems[0].message).toMatch(/too deep/);
  });

  it('R2: a file version over 255 characters is refused with 87; 255 survives save and load', () => {
    const image = WinImage.empty();
    image.addVolume({ letter: 'C', capacity: 1 << 20 });
    const longest = `5.0.${'1'.repeat(251)}`;
    image.writeFile('C:\\versioned.dll', 'x', { version: longest });
    expect(reloaded(image).stat('C:\\versioned.dll').version).toBe(longest);
    expectInvalidParameter(image, () =>
      image.writeFile('C:\\huge.dll', 'x', { version: '5'.repeat(70_000) }),
    );
    expectInvalidParameter(image, () =>
      image.writeFile('C:\\versioned.dll', 'y', { version: '5'.repeat(256) }),
    );
  });

  it("R2: a package's AddReg value name over 16,383 characters: the install fails and leaves no key behind", async () => {
    const image = serverImage();
    const before = digestWithoutLogs(coreOf(image));
    const pkg = buildPackage([], {
      kind: 'hotfix',
      id: 'Q123456',
      title: 'hotfix',
      level: undefined,
      catalog: { name: 'Q123456.cat' },
      registry: [
        { op: 'AddReg', root: 'HKLM', key: 'SOFTWARE\\Vendor\\New', name: 'v'.repeat(16_384), value: 'x' },
      ],
    });
    const result = await install(coreOf(image), pkg, { noRestart: true });
    expect(result.code).toBe(1603);
    expect(image.registry.keyExists('HKLM\\SOFTWARE\\Vendor')).toBe(false);
    expect(digestWithoutLogs(coreOf(image))).toBe(before);
  });
});
