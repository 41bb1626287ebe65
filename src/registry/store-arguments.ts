/** The registry store's checks of what callers give it: key paths and raw values. */
import { WinError } from '../errors/index.js';
import { MAX_VALUE_NAME, parseKeyPath, type KeyPath } from './key-path.js';
import type { RawRegValue } from './types.js';

/** The error for a key path `parseKeyPath` refused. */
export function refuse(key: string, problem: string): WinError {
  return problem === 'unknown root'
    ? new WinError('ERROR_INVALID_HANDLE', key, 'unknown root key')
    : new WinError('ERROR_INVALID_PARAMETER', key, problem);
}

/** The parsed key path, or the error that refuses it. */
export function checkedPath(key: string): KeyPath {
  const path = parseKeyPath(key);
  if (typeof path === 'string') throw refuse(key, path);
  return path;
}

/** A copy of a raw value, frozen, after checking its name, type and bytes. */
export function checkedValue(key: string, name: string, value: RawRegValue): RawRegValue {
  if (typeof name !== 'string' || name.length > MAX_VALUE_NAME) {
    throw new WinError('ERROR_INVALID_PARAMETER', key, 'value name missing or too long');
  }
  if (
    !Number.isInteger(value?.type) ||
    value.type < 0 ||
    value.type > 0xffffffff ||
    !(value.bytes instanceof Uint8Array)
  ) {
    throw new WinError(
      'ERROR_INVALID_PARAMETER',
      key,
      'a raw value needs a type number (0..0xFFFFFFFF) and a Uint8Array',
    );
  }
  return Object.freeze({ type: value.type, bytes: new Uint8Array(value.bytes) });
}
