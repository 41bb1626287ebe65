import { createHash } from 'node:crypto';
import { digestImage, hashHex, xxh64, type ImageCore } from '../../src/image/index.js';
import { WinImage } from '../../src/machine/index.js';
import { Package, defaultSigningKey, type Manifest, type ManifestFile } from '../../src/package/index.js';
import { coreOf } from '../../src/machine/internal.js';

/** A file for a test package: its target, version and bytes, plus manifest extras. */
export interface TestFile extends Partial<
  Omit<ManifestFile, 'source' | 'target' | 'size' | 'sha256' | 'xxh64'>
> {
  target: string;
  data: Uint8Array | string;
}

let base: WinImage | undefined;

/** A fresh default Windows 2000 Server (forked from one built once), in install mode. */
export function serverImage(): WinImage {
  base ??= WinImage.create();
  const image = base.fork();
  coreOf(image).session.installMode = true;
  return image;
}

/** The digest with the two service-pack logs left out. */
export function digestWithoutLogs(core: ImageCore): string {
  return digestImage(core, { exclude: (p) => /\\(svcpack|spuninst)\.log$/i.test(p) });
}

/** Builds and signs a small package. */
export function buildPackage(files: TestFile[], extra: Partial<Manifest> = {}): Package {
  const payload = new Map<string, Uint8Array>();
  const entries: ManifestFile[] = files.map((file, i) => {
    const { target, data, ...rest } = file;
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    const name = target.slice(target.lastIndexOf('\\') + 1).toLowerCase();
    const source = `i386/${i}/${name}`;
    payload.set(source, bytes);
    return {
      source,
      target,
      size: bytes.length,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      xxh64: hashHex(xxh64(bytes)),
      ...rest,
    };
  });
  const manifest: Manifest = {
    schema: 1,
    id: 'W2K-SP4',
    title: 'Windows 2000 Service Pack 4',
    product: 'Windows 2000',
    kind: 'servicePack',
    level: 4,
    editions: ['Server'],
    language: 'en-US',
    prerequisites: {},
    supersedes: [],
    includesHotfixes: [],
    files: entries,
    registry: [],
    tasks: [],
    catalog: { name: `sp${extra.level ?? 4}.cat` },
    ...extra,
  };
  return Package.build(manifest, payload, defaultSigningKey());
}

const SYS = '%SystemRoot%\\system32';

/** A small SP4 for the default server: in-use, plain, added, older, user-modified, optional and driver files. */
export function smallServicePack(level = 4, extra: Partial<Manifest> = {}): Package {
  const v = `5.0.2195.${level === 4 ? 6717 : 1000 + level}`;
  const sized = (text: string, size: number): Uint8Array => {
    const bytes = Buffer.alloc(size, 0x90);
    bytes.write(text);
    return bytes;
  };
  return buildPackage(
    [
      {
        target: `${SYS}\\ntoskrnl.exe`,
        data: sized(`ntoskrnl sp${level}`, 900_000),
        version: v,
        protected: true,
      },
      {
        target: `${SYS}\\kernel32.dll`,
        data: sized(`kernel32 sp${level}`, 400_000),
        version: v,
        protected: true,
      },
      { target: `${SYS}\\notepad.exe`, data: sized(`notepad sp${level}`, 60_000), version: v },
      { target: `${SYS}\\spnew${level}.dll`, data: `new in sp${level}`, version: v },
      { target: `${SYS}\\calc.exe`, data: 'calc older', version: '5.0.2100.1' },
      { target: '%SystemRoot%\\win.ini', data: '[windows]\r\nsp=1\r\n' },
      {
        target: '%SystemRoot%\\cluster\\clussvc.exe',
        data: 'cluster service',
        version: v,
        optionalComponent: 'Clustering',
      },
      {
        target: `${SYS}\\drivers\\spdrv${level}.sys`,
        data: sized(`driver sp${level}`, 200_000),
        version: v,
        driver: true,
      },
    ],
    {
      id: `W2K-SP${level}`,
      title: `Windows 2000 Service Pack ${level}`,
      level,
      catalog: { name: `sp${level}.cat` },
      driverCab: { name: `sp${level}.cab`, members: ['i386/7/spdrv' + level + '.sys'] },
      registry: [
        {
          op: 'AddReg',
          root: 'HKLM',
          key: 'SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion',
          name: 'SPTestValue',
          value: `sp${level}`,
        },
        {
          op: 'AddReg',
          root: 'HKLM',
          key: `SOFTWARE\\Microsoft\\SPTest${level}\\Sub`,
          name: 'Level',
          flags: 0x10001,
          value: level,
        },
      ],
      tasks: [
        {
          run: 'rundll32',
          dll: 'setupapi.dll',
          entry: 'InstallHinfSection',
          args: 'DefaultInstall 128 update.inf',
        },
      ],
      ...extra,
    },
  );
}
