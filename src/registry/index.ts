/**
 * The registry layer: a machine's keys and values (type number plus raw
 * bytes, decoded on read), the CurrentControlSet alias, the image file's
 * binary form and `.reg` import/export.
 */

export {
  REG_TYPES,
  regTypeName,
  type RawRegValue,
  type RegData,
  type RegType,
  type RegValue,
} from './types.js';
export { decodeRegData, encodeRegData, regTypeNumber } from './codec.js';
export { foldKeyName } from './fold.js';
export {
  MAX_KEY_DEPTH,
  MAX_KEY_NAME,
  MAX_VALUE_NAME,
  ROOT_NAMES,
  parseKeyPath,
  type KeyPath,
  type RootName,
} from './key-path.js';
export { RegistryStore, type KeySnapshot } from './store.js';
export { exportReg, formatRegValue, REG_HEADERS, type RegFormat } from './reg-export.js';
export { decodeRegFile, encodeRegFile } from './reg-file.js';
export { parseReg, type RegChange } from './reg-parse.js';
export { applyRegChanges } from './reg-apply.js';
