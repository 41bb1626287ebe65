/**
 * The registry half of the door with Windows' rules (RegSetValueEx, RegDeleteValue, RegCreateKeyEx,
 * RegDeleteTree, `.reg` import), beside the file half in win32.ts.
 */
import { WinError } from '../errors/index.js';
import type { ImageCore } from '../image/index.js';
import {
  REG_TYPES,
  encodeRegData,
  parseKeyPath,
  parseReg,
  type RegData,
  type RegType,
} from '../registry/index.js';
import { applyOp } from './apply.js';
import { ensurePowered } from './win32.js';

/** RegSetValueEx (creating the key as RegCreateKeyEx would). */
export function setRegistryValue(
  image: ImageCore,
  key: string,
  name: string,
  type: RegType,
  data: RegData,
): void {
  ensurePowered(image, key);
  const bytes = encodeRegData(type, data);
  applyOp(image, { kind: 'regSet', key, name, value: { type: encodeTypeNumber(type), bytes } });
}

/** RegSetValueEx with raw bytes and a type number (for data kept byte for byte). */
export function setRegistryRawValue(
  image: ImageCore,
  key: string,
  name: string,
  type: number,
  bytes: Uint8Array,
): void {
  ensurePowered(image, key);
  applyOp(image, { kind: 'regSet', key, name, value: { type, bytes } });
}

/** A root that is none of the five is a bad handle (as for a set or a create), not a missing key. */
function requireKnownRoot(key: string): void {
  if (parseKeyPath(key) === 'unknown root') throw new WinError('ERROR_INVALID_HANDLE', key, 'unknown root');
}

/** RegDeleteValue; ERROR_FILE_NOT_FOUND if absent. */
export function deleteRegistryValue(image: ImageCore, key: string, name: string): void {
  ensurePowered(image, key);
  requireKnownRoot(key);
  if (!image.registry.getRawValue(key, name)) throw new WinError('ERROR_FILE_NOT_FOUND', `${key}\\${name}`);
  applyOp(image, { kind: 'regDelete', key, name });
}

/** RegCreateKeyEx (with the missing parents). */
export function createRegistryKey(image: ImageCore, key: string): void {
  ensurePowered(image, key);
  if (!image.registry.keyExists(key)) applyOp(image, { kind: 'regCreateKey', key });
}

/** Deletes a key and its subtree (RegDeleteTree); ERROR_FILE_NOT_FOUND if absent. */
export function deleteRegistryKey(image: ImageCore, key: string): void {
  ensurePowered(image, key);
  requireKnownRoot(key);
  if (!image.registry.keyExists(key)) throw new WinError('ERROR_FILE_NOT_FOUND', key);
  applyOp(image, { kind: 'regDeleteKey', key });
}

/** Imports `.reg` text: every problem is reported before anything changes. */
export function importRegistry(image: ImageCore, text: string, source = '.reg'): number {
  ensurePowered(image);
  const changes = parseReg(text, source);
  for (const change of changes) {
    switch (change.kind) {
      case 'createKey':
        createRegistryKey(image, change.key);
        break;
      case 'deleteKey':
        if (image.registry.keyExists(change.key)) applyOp(image, { kind: 'regDeleteKey', key: change.key });
        break;
      case 'setValue':
        applyOp(image, { kind: 'regSet', key: change.key, name: change.name, value: change.value });
        break;
      case 'deleteValue':
        if (image.registry.getRawValue(change.key, change.name))
          applyOp(image, { kind: 'regDelete', key: change.key, name: change.name });
        break;
    }
  }
  return changes.length;
}

function encodeTypeNumber(type: RegType): number {
  const number = (REG_TYPES as Record<string, number>)[type];
  if (number === undefined)
    throw new WinError('ERROR_INVALID_PARAMETER', undefined, `unknown registry type '${type}'`);
  return number;
}
