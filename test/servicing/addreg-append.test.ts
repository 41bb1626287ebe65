/**
 * AddReg with FLG_ADDREG_APPEND (0x8) on a REG_MULTI_SZ (0x10000): SetupAPI appends each string the
 * list does not hold yet, comparing without case (Wine's and ReactOS's setupapi
 * append_multi_sz_value, wcsicmp), so a string given twice or in another case is added once.
 */
import { describe, expect, it } from 'vitest';
import { install, uninstall } from '../../src/machine/index.js';
import { buildPackage, serverImage } from './helpers.js';

const KEY = 'HKLM\\SOFTWARE\\Vendor\\Filters';

describe('AddReg APPEND to a REG_MULTI_SZ', () => {
  it('adds only strings not there in any case, once each; uninstall puts the list back', async () => {
    const image = serverImage();
    image.registry.setValue(KEY, 'Upper', 'REG_MULTI_SZ', ['Alpha', 'beta']);
    const pkg = buildPackage([], {
      id: 'Q300001',
      kind: 'hotfix',
      level: undefined,
      catalog: undefined,
      registry: [
        {
          op: 'AddReg',
          root: 'HKLM',
          key: 'SOFTWARE\\Vendor\\Filters',
          name: 'Upper',
          flags: 0x10008,
          value: ['ALPHA', 'gamma', 'Gamma', 'delta', 'BETA'],
        },
      ],
    });
    const result = await install(image, pkg, { noRestart: true, quiet: true });
    expect(result.code).toBe(0);
    expect(image.registry.getValue(KEY, 'Upper')?.data).toEqual(['Alpha', 'beta', 'gamma', 'delta']);
    await uninstall(image, 'Q300001');
    expect(image.registry.getValue(KEY, 'Upper')?.data).toEqual(['Alpha', 'beta']);
  });
});
