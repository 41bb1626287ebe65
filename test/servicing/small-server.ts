/** A small generated server and tiny packages, for sweeps that boot thousands of times. */
import { digestImage, walkEntries, type ImageCore } from '../../src/image/index.js';
import { WinImage } from '../../src/machine/index.js';
import { applyOpQuietly } from '../../src/ops/index.js';
import type { Package } from '../../src/package/index.js';
import { buildPackage } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

const SYS = '%SystemRoot%\\system32';
/** What the packages touch, the catalogs and dllcache copies WFP checks: kept in the small server. */
const KEPT = /\\system32\\(kernel32\.dll|notepad\.exe)$|\\catroot\\|\\dllcache\\kernel32\.dll$/i;

/**
 * The generated server cut down to the files in use and the files the packages touch, so that a
 * sweep of thousands of boots takes seconds (each boot is digested).
 */
export function smallServer(): ImageCore {
  const image = coreOf(WinImage.create({ files: 850 }));
  const held = new Set<string>();
  for (const process of image.processTable.values())
    for (const entry of process.mapped) held.add(image.pathOf(entry));
  for (const volume of image.allVolumes()) {
    for (const entry of [...walkEntries(volume.root)]) {
      const path = entry.parent && !entry.isDir ? image.pathOf(entry) : undefined;
      if (path !== undefined && !KEPT.test(path) && !held.has(path))
        applyOpQuietly(image, { kind: 'delete', path });
    }
  }
  image.session.installMode = true;
  digestImage(image); // forks inherit the cached content hashes
  return image;
}

/** A service pack with one file in use (queued for the boot), one replaced, one added and a value in a new key. */
export function tinyServicePack(): Package {
  const version = '5.0.2195.6717';
  return buildPackage(
    [
      { target: `${SYS}\\kernel32.dll`, data: 'kernel32 sp4', version, protected: true },
      { target: `${SYS}\\notepad.exe`, data: 'notepad sp4', version },
      { target: `${SYS}\\spnew4.dll`, data: 'new in sp4', version },
    ],
    {
      registry: [
        {
          op: 'AddReg',
          root: 'HKLM',
          key: 'SOFTWARE\\Microsoft\\SPTest4\\Sub',
          name: 'Level',
          flags: 0x10001,
          value: 4,
        },
      ],
    },
  );
}

/** A hotfix that adds one file. */
export function tinyHotfix(): Package {
  return buildPackage(
    [{ target: `${SYS}\\qfeq123456.dll`, data: 'Q123456 fix', version: '5.0.2195.2000', branch: 'qfe' }],
    { id: 'Q123456', title: 'Hotfix Q123456', kind: 'hotfix', level: 0, catalog: { name: 'Q123456.cat' } },
  );
}

/** A tiny SP3 (older versions of two of the SP4 files), so that the tiny SP4 installs over a service pack. */
export function tinyServicePack3(): Package {
  const version = '5.0.2195.5438';
  return buildPackage(
    [
      { target: `${SYS}\\kernel32.dll`, data: 'kernel32 sp3', version, protected: true },
      { target: `${SYS}\\notepad.exe`, data: 'notepad sp3', version },
    ],
    { id: 'W2K-SP3', title: 'Windows 2000 Service Pack 3', level: 3, catalog: { name: 'sp3.cat' } },
  );
}
