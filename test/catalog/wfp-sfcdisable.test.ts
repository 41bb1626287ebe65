import { describe, expect, it } from 'vitest';
import { enforceFileProtection, isFileProtectionEnabled } from '../../src/catalog/index.js';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { setRegistryValue, writeFile } from '../../src/ops/index.js';
import { catalogedCore, junk, tamperableDll } from './wfp-helpers.js';

const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
const POLICY = 'HKLM\\SOFTWARE\\Policies\\Microsoft\\Windows NT\\Windows File Protection';

async function tamperedWith(value: number | undefined, key = WINLOGON) {
  const core: ImageCore = await catalogedCore();
  if (value !== undefined) setRegistryValue(core, key, 'SFCDisable', 'REG_DWORD', value);
  const file = tamperableDll(core);
  writeFile(core, file.path, junk());
  return { core, file };
}

describe('SFCDisable', () => {
  it('is 0 in the default image: protection is on', async () => {
    const core = await catalogedCore();
    expect(core.registry.getValue(WINLOGON, 'SFCDisable')?.data).toBe(0);
    expect(isFileProtectionEnabled(core)).toBe(true);
  });

  it.each([1, 2, 0xffffff9d])(
    'SFCDisable = %i turns protection off: nothing is checked or restored',
    async (value) => {
      const { core, file } = await tamperedWith(value);
      const before = digestImage(core);
      const events = core.events.length;
      expect(isFileProtectionEnabled(core)).toBe(false);
      expect(enforceFileProtection(core, [file.path])).toEqual({
        checked: 0,
        restored: [],
        unrestorable: [],
      });
      expect(digestImage(core)).toBe(before);
      expect(core.events.length).toBe(events);
    },
  );

  it('SFCDisable = 4 (pop-ups off) keeps protection on', async () => {
    const { core, file } = await tamperedWith(4);
    expect(isFileProtectionEnabled(core)).toBe(true);
    expect(enforceFileProtection(core, [file.path]).restored.map((r) => r.path)).toEqual([file.path]);
  });

  it('the policy key wins over Winlogon', async () => {
    const { core, file } = await tamperedWith(1, POLICY);
    expect(isFileProtectionEnabled(core)).toBe(false);
    expect(enforceFileProtection(core, [file.path]).restored).toEqual([]);
    setRegistryValue(core, POLICY, 'SFCDisable', 'REG_DWORD', 0);
    setRegistryValue(core, WINLOGON, 'SFCDisable', 'REG_DWORD', 1);
    expect(isFileProtectionEnabled(core)).toBe(true);
    expect(enforceFileProtection(core, [file.path]).restored.map((r) => r.path)).toEqual([file.path]);
  });
});
