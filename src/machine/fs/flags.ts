import { constants } from 'node:fs';
import { invalidArgument, notSupported } from './errors.js';

/** What an `open` flag asks for. */
export interface OpenFlags {
  read: boolean;
  write: boolean;
  append: boolean;
  create: boolean;
  exclusive: boolean;
  truncate: boolean;
}

function flags(read: boolean, write: boolean, more: Partial<OpenFlags> = {}): OpenFlags {
  return { read, write, append: false, create: false, exclusive: false, truncate: false, ...more };
}

const W = { create: true, truncate: true };
const A = { create: true, append: true };

/** Node's string flags ('s' variants are the same here: every write reaches the image at once). */
const STRING_FLAGS: Record<string, OpenFlags> = {
  r: flags(true, false),
  rs: flags(true, false),
  sr: flags(true, false),
  'r+': flags(true, true),
  'rs+': flags(true, true),
  'sr+': flags(true, true),
  w: flags(false, true, W),
  wx: flags(false, true, { ...W, exclusive: true }),
  xw: flags(false, true, { ...W, exclusive: true }),
  'w+': flags(true, true, W),
  'wx+': flags(true, true, { ...W, exclusive: true }),
  'xw+': flags(true, true, { ...W, exclusive: true }),
  a: flags(false, true, A),
  as: flags(false, true, A),
  sa: flags(false, true, A),
  ax: flags(false, true, { ...A, exclusive: true }),
  xa: flags(false, true, { ...A, exclusive: true }),
  'a+': flags(true, true, A),
  'as+': flags(true, true, A),
  'sa+': flags(true, true, A),
  'ax+': flags(true, true, { ...A, exclusive: true }),
  'xa+': flags(true, true, { ...A, exclusive: true }),
};

const { O_RDONLY, O_WRONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_APPEND } = constants;
const IGNORED_BITS = (constants.O_SYNC ?? 0) | (constants.O_DSYNC ?? 0) | (constants.O_NOCTTY ?? 0);
const KNOWN_BITS = O_WRONLY | O_RDWR | O_CREAT | O_EXCL | O_TRUNC | O_APPEND | IGNORED_BITS;

function numericFlags(value: number): OpenFlags {
  if ((value & ~KNOWN_BITS) !== 0) throw notSupported(`open flag 0x${value.toString(16)}`);
  const mode = value & (O_RDONLY | O_WRONLY | O_RDWR);
  return {
    read: mode === O_RDONLY || mode === O_RDWR,
    write: mode === O_WRONLY || mode === O_RDWR,
    append: (value & O_APPEND) !== 0,
    create: (value & O_CREAT) !== 0,
    exclusive: (value & O_EXCL) !== 0,
    truncate: (value & O_TRUNC) !== 0,
  };
}

/** An `open` flag (string or number) as what it asks for; `fallback` when none is given. */
export function parseFlags(value: unknown, fallback: string): OpenFlags {
  if (value === undefined || value === null) return STRING_FLAGS[fallback];
  if (typeof value === 'number') return numericFlags(value);
  if (typeof value === 'string') {
    const parsed = STRING_FLAGS[value];
    if (!parsed)
      throw invalidArgument(`The value "${value}" is invalid for option "flags"`, 'ERR_INVALID_ARG_VALUE');
    return parsed;
  }
  throw invalidArgument(`The "flags" argument must be of type string or number`);
}
