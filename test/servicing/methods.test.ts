import { describe, expect, test } from 'vitest';
import { install, plan } from '../../src/servicing/index.js';
import { buildPackage, serverImage, smallServicePack } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

function usedOnC(image: ReturnType<typeof serverImage>): number {
  const c = image.volumes().find((v) => v.letter === 'C')!;
  return c.capacity - c.free;
}

describe('install methods and what they leave', () => {
  test('SP1 then SP2 leaves Sp1.cab and uses more space than SP2 directly', async () => {
    const stepwise = serverImage();
    const direct = serverImage();
    expect((await install(coreOf(stepwise), smallServicePack(1))).code).toBe(1641);
    coreOf(stepwise).session.installMode = true;
    expect((await install(coreOf(stepwise), smallServicePack(2))).code).toBe(1641);
    expect((await install(coreOf(direct), smallServicePack(2))).code).toBe(1641);
    expect(stepwise.exists('C:\\WINNT\\Driver Cache\\i386\\sp1.cab')).toBe(true);
    expect(stepwise.exists('C:\\WINNT\\Driver Cache\\i386\\sp2.cab')).toBe(true);
    expect(direct.exists('C:\\WINNT\\Driver Cache\\i386\\sp1.cab')).toBe(false);
    expect(usedOnC(stepwise)).toBeGreaterThan(usedOnC(direct));
  });

  test('Express fetches only the files the inventory needs and counts them', async () => {
    const image = serverImage();
    const pkg = smallServicePack();
    const fetched: string[] = [];
    const store = {
      bytesFetched: 0,
      fetch(member: string): Uint8Array {
        fetched.push(member);
        const data = pkg.member(member);
        this.bytesFetched += data.length;
        return data;
      },
    };
    const result = await install(coreOf(image), pkg, { method: 'express', store });
    expect(result.code, result.message).toBe(1641);
    const skipped = result.plan.files.filter((f) => f.action === 'skip').map((f) => f.source);
    expect(skipped.length).toBeGreaterThan(0);
    for (const member of skipped) expect(fetched).not.toContain(member);
    const payload = pkg.members().reduce((sum, m) => sum + pkg.member(m).length, 0);
    expect(result.bytesFetched).toBe(fetched.reduce((sum, m) => sum + pkg.member(m).length, 0));
    expect(result.bytesFetched).toBeLessThan(payload);
    expect(image.exists('C:\\WINNT\\ServicePackFiles\\i386\\clussvc.exe')).toBe(true);
  });

  test('a share install needs no working folder and records ServicePackSourcePath instead of ServicePackFiles', async () => {
    const image = serverImage();
    const result = await install(coreOf(image), smallServicePack(), { method: 'share', restart: 'later' });
    expect(result.plan.costing.workingVolume).toBe('');
    expect(image.exists('C:\\WINNT\\ServicePackFiles')).toBe(false);
    expect(
      image.registry.getValue(
        'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Setup',
        'ServicePackSourcePath',
      ),
    ).toBeDefined();
  });

  test('OEM files are kept unless -o', async () => {
    const pkg = buildPackage([
      {
        target: '%SystemRoot%\\system32\\notepad.exe',
        data: 'oem replacement',
        version: '5.0.2195.6717',
        oem: true,
      },
    ]);
    const kept = await plan(coreOf(serverImage()), pkg);
    expect(kept.files[0].action).toBe('oemKept');
    const forced = await plan(coreOf(serverImage()), pkg, { switches: '-o' });
    expect(forced.files[0].action).toBe('replace');
  });

  test('a forced reinstall replaces equal and older versions', async () => {
    const image = serverImage();
    const pkg = buildPackage([
      { target: '%SystemRoot%\\system32\\calc.exe', data: 'old calc', version: '5.0.2100.1' },
    ]);
    expect((await plan(coreOf(image), pkg)).files[0].action).toBe('skip');
    expect((await plan(coreOf(image), pkg, { forceReinstall: true })).files[0].action).toBe('replace');
  });
});
