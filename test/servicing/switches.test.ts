import { describe, expect, test } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { RESULT_CODES, formatLogLine, parseLog, parseSwitches } from '../../src/servicing/index.js';

describe('update.exe switches', () => {
  test('-u -q -n -o -f -z, either prefix, any case; -q implies -u', () => {
    expect(parseSwitches('-q /N -O -f -Z')).toEqual({
      quiet: true,
      unattended: true,
      noBackup: true,
      overwriteOem: true,
      forceClose: true,
      noRestart: true,
    });
    expect(parseSwitches('-u')).toEqual({ unattended: true });
    expect(parseSwitches('')).toEqual({});
  });
  test('every unknown switch is reported with its column', () => {
    try {
      parseSwitches('-u -k bogus');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      const problems = (error as InputError).problems;
      expect(problems.map((p) => p.where)).toEqual(['column 4', 'column 7']);
    }
  });
});

describe('result codes and log lines', () => {
  test('codes of Windows Installer conventions', () => {
    expect(
      Object.keys(RESULT_CODES)
        .map(Number)
        .sort((a, b) => a - b),
    ).toEqual([0, 1602, 1603, 1618, 1638, 1640, 1641, 3010]);
  });
  test('Svcpack.log lines: seconds since start with 3 decimals', () => {
    expect(formatLogLine(16, 'DoInstallation:x')).toBe('0.016: DoInstallation:x');
    expect(
      formatLogLine(940_344, 'DoInstallation:MyInstallCatalogFiles failed:STR_CATALOG_INSTALL_FAILED'),
    ).toBe('940.344: DoInstallation:MyInstallCatalogFiles failed:STR_CATALOG_INSTALL_FAILED');
    expect(parseLog('0.016: a\r\n1.500: b\r\n')).toEqual([
      { seconds: 0.016, message: 'a' },
      { seconds: 1.5, message: 'b' },
    ]);
  });
});
