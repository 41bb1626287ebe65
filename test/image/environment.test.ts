import { describe, expect, it } from 'vitest';
import { setRegistryValue } from '../../src/ops/index.js';
import { smallImage } from '../helpers/small-image.js';

const ENVIRONMENT = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Session Manager\\Environment';

describe('the image environment follows the registry, whoever changes it', () => {
  it('a value set through the ops door is expanded at once', () => {
    const image = smallImage();
    expect(image.expand('%SVCPACK_TEST%')).toBe('%SVCPACK_TEST%');
    setRegistryValue(image, ENVIRONMENT, 'SVCPACK_TEST', 'REG_SZ', 'one');
    expect(image.expand('%SVCPACK_TEST%')).toBe('one');
  });

  // the cache was keyed on a counter only the ops door bumped: a raw change left it stale
  it('a raw registry change (a load, a populate) is seen too: the registry counts its own changes', () => {
    const image = smallImage();
    expect(image.expand('%SystemRoot%')).toBe('C:\\WINNT');
    const key = image.registry.resolveKey(ENVIRONMENT)!;
    image.registry.rawSetValue(key, 'SVCPACK_RAW', { type: 1, bytes: Buffer.from('raw\0', 'utf16le') });
    expect(image.expand('%SVCPACK_RAW%')).toBe('raw');
    image.registry.rawDeleteValue(key, 'SVCPACK_RAW');
    expect(image.expand('%SVCPACK_RAW%')).toBe('%SVCPACK_RAW%');
  });
});
