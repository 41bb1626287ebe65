import { beforeAll, describe, expect, it } from 'vitest';
import { generateServicePack } from '../../fixtures/index.js';
import { WinError } from '../../src/errors/index.js';
import { digestImage } from '../../src/image/index.js';
import { WinImage } from '../../src/machine/index.js';
import type { Package } from '../../src/package/index.js';
import { install, installedServicePack } from '../../src/servicing/index.js';
import {
  changeUserExecute,
  changeUserInstall,
  changeUserQuery,
  runInSession,
  setTerminalServerMode,
  terminalServerInstall,
} from '../../src/scenarios/index.js';
import { coreOf } from '../../src/machine/internal.js';

let sp4: Package;
const server = () => coreOf(WinImage.create({ preset: 'win2000-server' }));
beforeAll(() => {
  sp4 = generateServicePack(server(), { level: 4, files: 12, seed: 5 });
});

describe('Terminal Server (Q215465)', () => {
  it('runInSession switches the caller and restores it, even when fn throws', async () => {
    const image = server();
    const seen = await runInSession(image, { session: 3, administrator: false }, () => ({
      ...image.session,
    }));
    expect(seen).toMatchObject({ session: 3, administrator: false });
    expect(image.session).toMatchObject({ session: 0, administrator: true });
    await expect(
      runInSession(image, { session: 2 }, () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    expect(image.session.session).toBe(0);
  });

  it('change user /install needs an administrator; /execute and a reboot leave install mode', async () => {
    const image = server();
    await runInSession(image, { session: 0, administrator: false }, () => {
      expect(() => changeUserInstall(image)).toThrow(WinError);
    });
    expect(changeUserQuery(image)).toBe('execute');
    changeUserInstall(image);
    expect(changeUserQuery(image)).toBe('install');
    changeUserExecute(image);
    expect(changeUserQuery(image)).toBe('execute');
  });

  it('an install from session 2 is refused with 1640 and changes nothing', async () => {
    const image = server();
    setTerminalServerMode(image, 'application');
    const before = digestImage(image);
    const result = await runInSession(image, { session: 2 }, () => install(image, sp4, { switches: '-u' }));
    expect(result.code).toBe(1640);
    expect(result.message).toMatch(/session 2/);
    expect(digestImage(image)).toBe(before);
  });

  it('on an application server the console still needs install mode', async () => {
    const image = server();
    setTerminalServerMode(image, 'application');
    const result = await install(image, sp4, { switches: '-u -z' });
    expect(result.code).toBe(1640);
    expect(result.message).toMatch(/change user \/install/);
  });

  it('the whole procedure: refused from session 2, installed from the console in install mode, execute mode after reboot', async () => {
    const image = server();
    const report = await terminalServerInstall(image, sp4, { install: { switches: '-u' } });
    expect(report.refused.code).toBe(1640);
    expect([0, 3010]).toContain(report.installed.code);
    expect(installedServicePack(image)).toBe(4);
    expect(report.modeAfterReboot).toBe('execute');
    expect(image.session.installMode).toBe(false);
    expect(report.steps.map((s) => s.what)).toEqual([
      'application server mode',
      'install from session 2',
      'change user /install',
      'install from the console',
      'reboot',
    ]);
    expect(report.steps[1]?.session.session).toBe(2);
    expect(report.steps[3]?.session).toMatchObject({ session: 0, installMode: true });
  });
});
