import { describe, expect, test } from 'vitest';
import { generateServicePack, packageStore } from '../../fixtures/index.js';
import { install, installedServicePack, uninstall } from '../../src/servicing/index.js';
import { digestWithoutLogs, serverImage } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

describe('generated service packs', () => {
  test('a generated SP4 installs and uninstalls back to the original digest', async () => {
    const image = serverImage();
    const sp4 = generateServicePack(coreOf(image), { level: 4, seed: 1 });
    const before = digestWithoutLogs(coreOf(image));
    const result = await install(coreOf(image), sp4);
    expect(result.code, result.message).toBe(1641);
    expect(installedServicePack(coreOf(image))).toBe(4);
    const actions = new Set(result.plan.files.map((f) => f.action));
    expect(actions.has('inUse')).toBe(true);
    expect(actions.has('replace')).toBe(true);
    coreOf(image).session.installMode = true;
    const removed = await uninstall(coreOf(image), sp4.id);
    expect(removed.code, removed.message).toBe(1641);
    expect(digestWithoutLogs(coreOf(image))).toBe(before);
  });

  test('Express over a generated SP fetches fewer bytes than the payload', async () => {
    const image = serverImage();
    const sp = generateServicePack(coreOf(image), { level: 3, seed: 2 });
    const store = packageStore(sp);
    const result = await install(coreOf(image), sp, { method: 'express', store, restart: 'later' });
    expect(result.code, result.message).toBeOneOf([0, 3010]);
    const payload = sp.members().reduce((sum, m) => sum + sp.member(m).length, 0);
    expect(result.bytesFetched).toBe(store.bytesFetched);
    expect(store.bytesFetched).toBeLessThanOrEqual(payload);
  });
});
