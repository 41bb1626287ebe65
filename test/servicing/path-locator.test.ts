import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ImageCore } from '../../src/image/index.js';
import { createDirectory, moveFileNow, setRegistryValue, writeFile } from '../../src/ops/index.js';
import { pathLocator } from '../../src/servicing/state.js';
import { smallImage } from '../helpers/small-image.js';

const folders = [
  '%SystemRoot%\\system32',
  '%SYSTEMROOT%\\SYSTEM32',
  'C:\\WINNT\\system32',
  'c:\\winnt\\system32',
  '%SystemRoot%\\system32\\drivers',
  '%SystemDrive%\\Program Files\\Common Files',
  '%SystemDrive%\\PROGRA~1\\Common Files',
  '%SystemRoot%\\missing',
  '%Undefined%\\x',
  '%TEMP%',
  `C:\\${'d'.repeat(120)}\\${'e'.repeat(120)}`,
];
const names = [
  'kernel32.dll',
  'KERNEL32.DLL',
  'tcpip.sys',
  'new.dll',
  'a%TEMP%b.dll',
  'name. ',
  'x'.repeat(40),
];

const ENVIRONMENT = 'HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager\\Environment';

/** What a locator without memory finds: a new one for each path. */
const afresh = (image: ImageCore, path: string) => pathLocator(image)(path);

/** The parts of a located path that callers use. */
const seen = (found: ReturnType<ReturnType<typeof pathLocator>>) => ({
  path: found.path,
  entry: found.entry,
  location: found.location && {
    entry: found.location.entry,
    parent: found.location.parent,
    name: found.location.name,
    given: found.location.given,
  },
});

describe('pathLocator', () => {
  it('finds each path of a run of targets as it would alone, across folder moves and environment changes', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ folder: fc.constantFrom(...folders), name: fc.constantFrom(...names) }),
            fc.constantFrom('move system32', 'new TEMP', 'create missing', 'write new.dll'),
          ),
          { maxLength: 30 },
        ),
        (steps) => {
          const image = smallImage();
          createDirectory(image, `C:\\${'d'.repeat(120)}\\${'e'.repeat(120)}`, { recursive: true });
          setRegistryValue(image, ENVIRONMENT, 'TEMP', 'REG_SZ', 'C:\\WINNT\\system32');
          const locate = pathLocator(image);
          for (const step of steps) {
            if (step === 'move system32') {
              const from = image.find('C:\\WINNT\\system32') ? 'C:\\WINNT\\system32' : 'C:\\WINNT\\sys';
              moveFileNow(image, from, from.endsWith('32') ? 'C:\\WINNT\\sys' : 'C:\\WINNT\\system32', 0);
            } else if (step === 'new TEMP') {
              setRegistryValue(
                image,
                ENVIRONMENT,
                'TEMP',
                'REG_SZ',
                image.expand('%TEMP%').endsWith('32')
                  ? 'C:\\Program Files\\Common Files'
                  : 'C:\\WINNT\\system32',
              );
            } else if (step === 'create missing') {
              if (!image.find('C:\\WINNT\\missing')) createDirectory(image, 'C:\\WINNT\\missing');
            } else if (step === 'write new.dll') {
              if (image.find('C:\\WINNT\\system32'))
                writeFile(image, 'C:\\WINNT\\system32\\new.dll', Buffer.from('n'));
            } else {
              const path = `${step.folder}\\${step.name}`;
              let expected: unknown;
              let error: unknown;
              try {
                expected = seen(afresh(image, path));
              } catch (caught) {
                error = caught;
              }
              if (error) expect(() => locate(path)).toThrow((error as Error).message);
              else expect(seen(locate(path))).toEqual(expected);
            }
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('a run ends when the environment changes, and does not carry a path past MAX_PATH', () => {
    const image = smallImage();
    const locate = pathLocator(image);
    setRegistryValue(image, ENVIRONMENT, 'TEMP', 'REG_SZ', 'C:\\WINNT\\system32');
    expect(locate('%TEMP%\\kernel32.dll').entry).toBe(image.find('C:\\WINNT\\system32\\kernel32.dll'));
    setRegistryValue(image, ENVIRONMENT, 'TEMP', 'REG_SZ', 'C:\\WINNT\\system32\\drivers');
    expect(locate('%TEMP%\\tcpip.sys')).toMatchObject({
      path: 'C:\\WINNT\\system32\\drivers\\tcpip.sys',
      entry: image.find('C:\\WINNT\\system32\\drivers\\tcpip.sys'),
    });
    const folder = `C:\\${'d'.repeat(120)}\\${'e'.repeat(120)}`;
    createDirectory(image, folder, { recursive: true });
    expect(locate(`${folder}\\short.dll`).location).toBeDefined();
    // 285 characters: past MAX_PATH, in a run as alone
    expect(() => locate(`${folder}\\${'x'.repeat(40)}`)).toThrow(/ERROR_FILENAME_EXCED_RANGE/);
  });

  it('a run in one folder is found from the folder found first', () => {
    const image = smallImage();
    const locate = pathLocator(image);
    const first = locate('%SystemRoot%\\system32\\kernel32.dll');
    const second = locate('%SystemRoot%\\system32\\spoolsv.exe');
    expect(second.location?.parent).toBe(first.location?.parent);
    expect(second).toMatchObject({
      path: 'C:\\WINNT\\system32\\spoolsv.exe',
      entry: image.find('C:\\WINNT\\system32\\spoolsv.exe'),
    });
    expect(locate('%SystemRoot%\\system32\\absent.dll')).toMatchObject({
      path: 'C:\\WINNT\\system32\\absent.dll',
      entry: undefined,
    });
  });
});
