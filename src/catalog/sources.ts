/**
 * Where Windows File Protection finds good copies of protected files.
 */
import type { ImageCore } from '../image/index.js';

const WINLOGON = 'HKLM\\SOFTWARE\\Microsoft\\Windows NT\\CurrentVersion\\Winlogon';
const DEFAULT_DLLCACHE = '%SystemRoot%\\system32\\dllcache';

/** The dllcache folder: `SFCDllCacheDir` expanded, or `%SystemRoot%\system32\dllcache`. */
export function dllcacheFolder(image: ImageCore): string {
  const value = image.registry.getValue(WINLOGON, 'SFCDllCacheDir');
  const folder =
    value !== undefined && typeof value.data === 'string' && value.data ? value.data : DEFAULT_DLLCACHE;
  return image.expand(folder);
}

/** The folders a protected file is restored from, in the order they are tried. */
export function restoreSources(image: ImageCore): string[] {
  return [
    dllcacheFolder(image),
    image.expand('%SystemRoot%\\Driver Cache\\i386'),
    image.expand('%SystemRoot%\\ServicePackFiles\\i386'),
  ];
}
