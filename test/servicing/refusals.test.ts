import { describe, expect, test } from 'vitest';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { beginTransaction, abortTransaction } from '../../src/ops/index.js';
import { Package } from '../../src/package/index.js';
import { install, installedServicePack, type InstallOptions } from '../../src/servicing/index.js';
import { smallImage } from '../helpers/small-image.js';
import { buildPackage, serverImage, smallServicePack } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

async function refused(
  core: ImageCore,
  pkg: Package | Uint8Array,
  options: InstallOptions = {},
): Promise<{ code: number; message: string }> {
  const before = digestImage(core);
  const result = await install(core, pkg, options);
  expect(digestImage(core), 'a refusal changes nothing').toBe(before);
  expect(result.queuedRenames).toBe(0);
  return result;
}

describe('refusals before any change', () => {
  test('a damaged package given as bytes: 1603', async () => {
    const image = serverImage();
    const bytes = new Uint8Array(smallServicePack().toBytes());
    bytes[bytes.length - 20] ^= 0xff;
    const result = await refused(coreOf(image), bytes);
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/verification/);
  });

  test('an unsigned package: 1603', async () => {
    const signed = smallServicePack();
    const unsigned = Package.build(
      signed.manifest,
      new Map(signed.members().map((m) => [m, signed.member(m)])),
      null,
    );
    const result = await refused(coreOf(serverImage()), unsigned);
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/not signed by a trusted key/);
  });

  test('not enough space: 1603 listing each volume need and free space', async () => {
    const core = smallImage();
    const pkg = buildPackage([{ target: 'D:\\Data\\big.bin', data: new Uint8Array(2 << 20) }], {
      catalog: { name: 'sp4.cat' },
    });
    const result = await refused(core, pkg, { method: 'share' });
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/not enough disk space on D:/);
    expect(result.message).toMatch(/D: needs 2,048 KB .* free 1,0\d\d KB - SHORT/);
    expect(result.message).toMatch(/C: needs/);
  });

  test('SMS 2.0 SP4 needs SP2 or SP3 (anyOfLevels), and installs after SP2', async () => {
    const image = serverImage();
    const sms = (level: number, anyOf?: number[]) =>
      buildPackage(
        [
          {
            target: 'C:\\SMS\\bin\\i386\\smsexec.exe',
            data: `smsexec sp${level}`,
            version: `2.0.1493.${level}`,
          },
        ],
        {
          id: `SMS20-SP${level}`,
          title: `SMS 2.0 Service Pack ${level}`,
          product: 'SMS 2.0',
          level,
          catalog: { name: `sms${level}.cat` },
          prerequisites: anyOf ? { anyOfLevels: anyOf, note: 'Q311457' } : {},
        },
      );
    const result = await refused(coreOf(image), sms(4, [2, 3]));
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/only on SMS 2\.0 SP2 or SMS 2\.0 SP3.*Q311457/);
    expect((await install(coreOf(image), sms(2), { restart: 'later' })).code).toBe(0);
    expect((await install(coreOf(image), sms(4, [2, 3]), { restart: 'later' })).code).toBe(0);
  });

  test('NT 4.0 Enterprise Edition: SP3 may not be skipped (requiresLevel)', async () => {
    const image = serverImage();
    const pkg = smallServicePack(4, { prerequisites: { requiresLevel: 3, note: 'Q174799' } });
    const result = await refused(coreOf(image), pkg);
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/Service Pack 3 must be installed before any later service pack/);
  });

  test('a newer service pack already installed: 1638', async () => {
    const image = serverImage();
    image.registry.setValue(
      'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
      'CSDVersion',
      'REG_SZ',
      'Service Pack 4',
    );
    expect(installedServicePack(coreOf(image))).toBe(4);
    const result = await refused(coreOf(image), smallServicePack(3));
    expect(result.code).toBe(1638);
  });

  test('another install in progress (open journal or InProgress marker): 1618', async () => {
    const image = serverImage();
    beginTransaction(coreOf(image), 'install other');
    expect((await refused(coreOf(image), smallServicePack())).code).toBe(1618);
    abortTransaction(coreOf(image));
    image.registry.setValue(
      'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Installer\\InProgress',
      '',
      'REG_SZ',
      'msiexec',
    );
    expect((await refused(coreOf(image), smallServicePack())).code).toBe(1618);
  });

  test('Q215465: client session, non-administrator, application server not in install mode: 1640', async () => {
    const image = serverImage();
    coreOf(image).session.session = 2;
    expect((await refused(coreOf(image), smallServicePack())).message).toMatch(/session 2/);
    coreOf(image).session = { session: 0, administrator: false, installMode: true };
    expect((await refused(coreOf(image), smallServicePack())).code).toBe(1640);
    coreOf(image).session = { session: 0, administrator: true, installMode: false };
    const terminalServer = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Terminal Server';
    image.registry.setValue(terminalServer, 'TSEnabled', 'REG_DWORD', 1);
    image.registry.setValue(terminalServer, 'TSAppCompat', 'REG_DWORD', 1);
    const result = await refused(coreOf(image), smallServicePack());
    expect(result.code).toBe(1640);
    expect(result.message).toMatch(/change user \/install/);
    // remote administration mode (TSAppCompat 0) needs no install mode
    image.registry.setValue(terminalServer, 'TSAppCompat', 'REG_DWORD', 0);
    expect((await install(coreOf(image), smallServicePack(), { restart: 'later' })).code).toBe(3010);
  });

  test('licence cancelled: 1602', async () => {
    const result = await refused(coreOf(serverImage()), smallServicePack(), { licence: 'cancel' });
    expect(result.code).toBe(1602);
  });

  test('Express without its store: 1603', async () => {
    const result = await refused(coreOf(serverImage()), smallServicePack(), { method: 'express' });
    expect(result.code).toBe(1603);
  });
});
