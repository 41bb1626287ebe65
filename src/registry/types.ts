/** Registry value types and the shapes of typed data. */

/** The registry value types the engine knows by name. */
export type RegType =
  | 'REG_NONE'
  | 'REG_SZ'
  | 'REG_EXPAND_SZ'
  | 'REG_BINARY'
  | 'REG_DWORD'
  | 'REG_DWORD_BIG_ENDIAN'
  | 'REG_LINK'
  | 'REG_MULTI_SZ'
  | 'REG_RESOURCE_LIST'
  | 'REG_QWORD';

/** The type numbers Windows stores for each named type (winnt.h). */
export const REG_TYPES: Readonly<Record<RegType, number>> = Object.freeze({
  REG_NONE: 0,
  REG_SZ: 1,
  REG_EXPAND_SZ: 2,
  REG_BINARY: 3,
  REG_DWORD: 4,
  REG_DWORD_BIG_ENDIAN: 5,
  REG_LINK: 6,
  REG_MULTI_SZ: 7,
  REG_RESOURCE_LIST: 8,
  REG_QWORD: 11,
});

const NAMES_BY_NUMBER = new Map<number, RegType>(
  (Object.entries(REG_TYPES) as [RegType, number][]).map(([name, number]) => [number, name]),
);

/** The name of a type number, or undefined for a number outside {@link RegType}. */
export function regTypeName(type: number): RegType | undefined {
  return NAMES_BY_NUMBER.get(type);
}

/** Typed data: strings for the string types, string[] for REG_MULTI_SZ, numbers or bigints for the integer types, bytes otherwise. */
export type RegData = string | string[] | number | bigint | Uint8Array;

/** A value as programs see it: its type and its decoded data. */
export interface RegValue {
  type: RegType;
  data: RegData;
}

/**
 * A value as the registry stores it: a type number (possibly one outside
 * {@link RegType}, kept as is) and the raw bytes. Treat `bytes` as immutable.
 */
export interface RawRegValue {
  type: number;
  bytes: Uint8Array;
}
