/**
 * Registry changes in INF terms (AddReg / DelReg sections) and what they mean as typed values.
 * The flag numbers are setupapi's FLG_ADDREG_* constants.
 */

/** setupapi's FLG_ADDREG_* bits. The type is `flags & TYPE_MASK`. */
export const ADDREG_FLAGS = {
  BINVALUETYPE: 0x00000001,
  NOCLOBBER: 0x00000002,
  DELVAL: 0x00000004,
  APPEND: 0x00000008,
  KEYONLY: 0x00000010,
  OVERWRITEONLY: 0x00000020,
  TYPE_SZ: 0x00000000,
  TYPE_MULTI_SZ: 0x00010000,
  TYPE_EXPAND_SZ: 0x00020000,
  TYPE_BINARY: 0x00000001,
  TYPE_DWORD: 0x00010001,
  TYPE_NONE: 0x00020001,
  TYPE_MASK: 0xffff0001,
} as const;

/** The registry roots an INF may name. */
export type RegistryRoot = 'HKLM' | 'HKCU' | 'HKCR' | 'HKU';

/** The value types an AddReg line can produce. */
export type AddRegValueType =
  'REG_SZ' | 'REG_MULTI_SZ' | 'REG_EXPAND_SZ' | 'REG_DWORD' | 'REG_BINARY' | 'REG_NONE';

/**
 * An INF AddReg line: set `name` (the default value when absent) under `root\key`.
 * `flags` are FLG_ADDREG_* bits (default 0: REG_SZ). `value` is a string for SZ and EXPAND_SZ, a string array
 * for MULTI_SZ, a number (0..0xFFFFFFFF) for DWORD, and hex bytes (`'01,02,ff'` or `'01 02 ff'`) for BINARY and NONE.
 * With DELVAL the value is deleted; with KEYONLY only the key is created.
 */
export interface AddRegInstruction {
  op: 'AddReg';
  root: RegistryRoot;
  key: string;
  name?: string;
  flags?: number;
  value?: string | string[] | number;
}

/** An INF DelReg line: delete value `name` under `root\key`, or the whole key when `name` is absent. */
export interface DelRegInstruction {
  op: 'DelReg';
  root: RegistryRoot;
  key: string;
  name?: string;
}

/** One registry change, in INF terms. */
export type RegistryInstruction = AddRegInstruction | DelRegInstruction;

const KNOWN_ADDREG_BITS =
  ADDREG_FLAGS.TYPE_MASK |
  ADDREG_FLAGS.NOCLOBBER |
  ADDREG_FLAGS.DELVAL |
  ADDREG_FLAGS.APPEND |
  ADDREG_FLAGS.KEYONLY |
  ADDREG_FLAGS.OVERWRITEONLY;

/** The value type an AddReg `flags` number selects, or `undefined` for a type this engine does not know. */
export function addRegValueType(flags = 0): AddRegValueType | undefined {
  switch ((flags & ADDREG_FLAGS.TYPE_MASK) >>> 0) {
    case ADDREG_FLAGS.TYPE_SZ:
      return 'REG_SZ';
    case ADDREG_FLAGS.TYPE_MULTI_SZ:
      return 'REG_MULTI_SZ';
    case ADDREG_FLAGS.TYPE_EXPAND_SZ:
      return 'REG_EXPAND_SZ';
    case ADDREG_FLAGS.TYPE_DWORD:
      return 'REG_DWORD';
    case ADDREG_FLAGS.TYPE_BINARY:
      return 'REG_BINARY';
    case ADDREG_FLAGS.TYPE_NONE:
      return 'REG_NONE';
    default:
      return undefined;
  }
}

const HEX_BYTES = /^\s*([0-9A-Fa-f]{2}(\s*[,\s]\s*[0-9A-Fa-f]{2})*)?\s*$/;

/** Decodes INF hex bytes (`'01,02,ff'` or `'01 02 ff'`) or returns `undefined` when the text is not hex bytes. */
export function parseHexBytes(text: string): Uint8Array | undefined {
  if (!HEX_BYTES.test(text)) return undefined;
  const pairs = text.match(/[0-9A-Fa-f]{2}/g) ?? [];
  return Uint8Array.from(pairs, (pair) => parseInt(pair, 16));
}

/**
 * The typed data an AddReg line writes: a string, string array, number or bytes, matching
 * {@link addRegValueType}. `undefined` when the line writes no value (DELVAL, KEYONLY) or the value does not fit the type.
 */
export function addRegData(
  instruction: AddRegInstruction,
): string | string[] | number | Uint8Array | undefined {
  const flags = instruction.flags ?? 0;
  if (flags & (ADDREG_FLAGS.DELVAL | ADDREG_FLAGS.KEYONLY)) return undefined;
  const type = addRegValueType(flags);
  const value = instruction.value;
  switch (type) {
    case 'REG_SZ':
    case 'REG_EXPAND_SZ':
      return typeof value === 'string' ? value : value === undefined ? '' : undefined;
    case 'REG_MULTI_SZ':
      return Array.isArray(value)
        ? value
        : typeof value === 'string'
          ? [value]
          : value === undefined
            ? []
            : undefined;
    case 'REG_DWORD':
      return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffffffff
        ? value
        : undefined;
    case 'REG_BINARY':
    case 'REG_NONE':
      return typeof value === 'string'
        ? parseHexBytes(value)
        : value === undefined
          ? new Uint8Array(0)
          : undefined;
    default:
      return undefined;
  }
}

/**
 * The problems of one AddReg line that its shape alone does not show: unknown flag bits, an unknown type,
 * a value that does not fit the type, APPEND without MULTI_SZ, a value given with DELVAL or KEYONLY.
 * Each problem is `[field, message]` with the field relative to the instruction.
 */
export function addRegProblems(instruction: {
  flags?: unknown;
  value?: unknown;
  name?: unknown;
}): Array<[string, string]> {
  const problems: Array<[string, string]> = [];
  if (instruction.flags !== undefined && typeof instruction.flags !== 'number') return problems; // the shape check reports it
  const flags = instruction.flags ?? 0;
  if (!Number.isInteger(flags) || flags < 0 || flags > 0xffffffff) return problems; // the shape check reports it
  const unknown = (flags & ~KNOWN_ADDREG_BITS) >>> 0;
  if (unknown) problems.push(['flags', `unknown FLG_ADDREG bits 0x${unknown.toString(16).padStart(8, '0')}`]);
  const type = addRegValueType(flags);
  if (!type) {
    problems.push(['flags', `unknown value type 0x${((flags & ADDREG_FLAGS.TYPE_MASK) >>> 0).toString(16)}`]);
    return problems;
  }
  const value = instruction.value;
  if (flags & (ADDREG_FLAGS.DELVAL | ADDREG_FLAGS.KEYONLY)) {
    if (value !== undefined) problems.push(['value', 'a value is given but DELVAL or KEYONLY writes none']);
    return problems;
  }
  if (flags & ADDREG_FLAGS.APPEND && type !== 'REG_MULTI_SZ') {
    problems.push(['flags', 'APPEND (0x8) applies only to REG_MULTI_SZ (0x10000)']);
  }
  if (
    value !== undefined &&
    addRegData({ op: 'AddReg', root: 'HKLM', key: 'x', flags, value } as AddRegInstruction) === undefined
  ) {
    const expected: Record<AddRegValueType, string> = {
      REG_SZ: 'a string',
      REG_EXPAND_SZ: 'a string',
      REG_MULTI_SZ: 'an array of strings',
      REG_DWORD: 'an integer 0..0xFFFFFFFF',
      REG_BINARY: "hex bytes such as '01,02,ff'",
      REG_NONE: "hex bytes such as '01,02,ff'",
    };
    problems.push(['value', `${type} needs ${expected[type]}`]);
  }
  return problems;
}
