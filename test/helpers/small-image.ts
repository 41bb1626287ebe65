import { ImageCore, digestImage } from '../../src/image/index.js';
import { populate, populateRegistry } from '../../src/ops/index.js';
import { REG_TYPES, encodeRegData } from '../../src/registry/index.js';

/** A small machine for unit tests: C: (fixed, 64 MiB), D: (fixed, 1 MiB), E: (CD-ROM) and a few files. */
export function smallImage(): ImageCore {
  const image = new ImageCore();
  image.addVolume({ letter: 'C', capacity: 64 << 20 });
  image.addVolume({ letter: 'D', capacity: 1 << 20, label: 'DATA' });
  image.addVolume({ letter: 'E', type: 'cdrom', capacity: 650 << 20, label: 'W2KSP4' });
  const t = Date.UTC(2000, 1, 17);
  const file = (drive: string, path: string, text: string, version?: string) => ({
    drive,
    path,
    data: Buffer.from(text),
    attributes: 0x20,
    version,
    created: t,
    modified: t,
  });
  populate(
    image,
    [
      { drive: 'C', path: 'WINNT\\system32\\drivers', time: t },
      { drive: 'C', path: 'Program Files\\Common Files', time: t },
    ],
    [
      file('C', 'WINNT\\system32\\kernel32.dll', 'kernel32 v1', '5.0.2195.1'),
      file('C', 'WINNT\\system32\\spoolsv.exe', 'spooler v1', '5.0.2195.1'),
      file('C', 'WINNT\\system32\\drivers\\tcpip.sys', 'tcpip v1', '5.0.2195.1'),
      file('C', 'WINNT\\win.ini', '[windows]'),
      file('C', 'boot.ini', '[boot loader]'),
      file('D', 'Data\\report.txt', 'quarterly'),
      file('E', 'I386\\UPDATE\\UPDATE.EXE', 'update.exe'),
    ],
  );
  populateRegistry(
    image,
    [
      'HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager\\Environment',
      'HKLM\\SYSTEM\\ControlSet002\\Control',
    ],
    [
      {
        key: 'HKLM\\SYSTEM\\Select',
        name: 'Current',
        value: { type: REG_TYPES.REG_DWORD, bytes: encodeRegData('REG_DWORD', 1) },
      },
      {
        key: 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
        name: 'SystemRoot',
        value: { type: REG_TYPES.REG_SZ, bytes: encodeRegData('REG_SZ', 'C:\\WINNT') },
      },
      {
        key: 'HKLM\\SYSTEM\\ControlSet001\\Control\\Session Manager\\Environment',
        name: 'TEMP',
        value: { type: REG_TYPES.REG_EXPAND_SZ, bytes: encodeRegData('REG_EXPAND_SZ', '%SystemRoot%\\TEMP') },
      },
    ],
  );
  return image;
}

/** The digest of an image (shorthand for tests). */
export function digestOf(image: ImageCore): string {
  return digestImage(image);
}
