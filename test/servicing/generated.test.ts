import { describe, expect, test } from 'vitest';
import { generateServicePack, packageStore } from '../../fixtures/index.js';
import { install, installedServicePack, uninstall } from '../../src/servicing/index.js';
import { digestWithoutLogs, serverImage } from './helpers.js';

describe('generated service packs', () => {
  test('a generated SP4 installs and uninstalls back to the original digest', async () => {
    const image = serverImage();
    const sp4 = generateServicePack(image.core, { level: 4, seed: 1 });
    const before = digestWithoutLogs(image.core);
    const result = await install(image.core, sp4);
    expect(result.code, result.message).toBe(1641);
    expect(installedServicePack(image.core)).toBe(4);
    const actions = new Set(result.plan.files.map((f) => f.action));
    expect(actions.has('inUse')).toBe(true);
    expect(actions.has('replace')).toBe(true);
    image.core.session.installMode = true;
    const removed = await uninstall(image.core, sp4.id);
    expect(removed.code, removed.message).toBe(1641);
    expect(digestWithoutLogs(image.core)).toBe(before);
  });

  test('Express over a generated SP fetches fewer bytes than the payload', async () => {
    const image = serverImage();
    const sp = generateServicePack(image.core, { level: 3, seed: 2 });
    const store = packageStore(sp);
    const result = await install(image.core, sp, { method: 'express', store, restart: 'later' });
    expect(result.code, result.message).toBeOneOf([0, 3010]);
    const payload = sp.members().reduce((sum, m) => sum + sp.member(m).length, 0);
    expect(result.bytesFetched).toBe(store.bytesFetched);
    expect(store.bytesFetched).toBeLessThanOrEqual(payload);
  });
});
