/**
 * The path layer: every Windows path form parsed, resolved, validated and formatted;
 * NTFS case folding; `%VAR%` expansion; 8.3 aliases. Pure functions, no state.
 */
export type { Environment, ParsedPath, PathContext, PathKind, ResolvedPath } from './types.js';
export {
  MAX_DIR_PATH,
  MAX_DIR_PATH_CHARS,
  MAX_NAME,
  MAX_PATH,
  MAX_PATH_CHARS,
  MAX_VERBATIM_PATH,
} from './limits.js';
export { foldName, foldUnit, namesEqual } from './fold.js';
export {
  DEFAULT_UPCASE_TABLE,
  UPCASE_TABLE_IDS,
  UpcaseTable,
  upcaseTable,
  upcaseTableFrom,
  type UpcaseTableId,
} from './upcase.js';
export { EnvironmentTable, expandEnvironmentStrings } from './env.js';
export {
  isInvalidNameUnit,
  isReservedDeviceName,
  stripTrailingDotsAndSpaces,
  validateName,
} from './names.js';
export { parsePath } from './parse.js';
export { resolvePath } from './resolve.js';
export { formatPath, literalPath, pathKey, toNtPath, toVerbatimPath } from './format.js';
export { isShortName, shortNameChecksum, shortNameFor } from './shortname.js';
export { childPath, parentPath } from './navigate.js';
export { foldNormalName, isNormalName, resolveNormalDrivePath } from './fast.js';
