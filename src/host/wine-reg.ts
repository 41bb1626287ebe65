import { InputError, type InputProblem } from '../errors/index.js';
import { parseKeyPath, REG_TYPES, type RawRegValue } from '../registry/index.js';

/** The header line every Wine registry file starts with. */
export const WINE_REGISTRY_HEADER = 'WINE REGISTRY Version 2';

/** One value of a Wine registry file, with the key it goes to (full path, root included). */
export interface WineRegValue {
  key: string;
  name: string;
  value: RawRegValue;
  line: number;
}

/** A Wine registry file's content, ready for `populateRegistry`. */
export interface WineRegistry {
  /** Full key paths (root included), in file order. */
  keys: string[];
  values: WineRegValue[];
  /**
   * Keys marked `#link` (Wine's `CurrentControlSet` symbolic link), left out: the engine keeps
   * its own CurrentControlSet alias from `Select\Current`.
   */
  links: { key: string; line: number }[];
}

class LineProblem extends Error {
  constructor(
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

const SIMPLE_ESCAPES: Record<string, string> = {
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
};

/**
 * Reads a Wine-escaped string from `text` at `start` up to the unescaped `terminator` (as Wine's
 * `parse_strW`: `\a \b \e \f \n \r \t \v`, `\xHHHH` (1-4 hex digits), `\ooo` octal (1-3 digits),
 * any other escaped character as itself). Returns the string and the index after the terminator.
 */
function readEscaped(text: string, start: number, terminator: string): { text: string; end: number } {
  let out = '';
  let i = start;
  while (i < text.length) {
    const c = text[i];
    if (c === terminator) return { text: out, end: i + 1 };
    if (c !== '\\') {
      out += c;
      i++;
      continue;
    }
    const e = text[i + 1];
    if (e === undefined) throw new LineProblem(i + 1, 'a backslash ends the line inside a string');
    if (e in SIMPLE_ESCAPES) {
      out += SIMPLE_ESCAPES[e];
      i += 2;
    } else if (e === 'x' && /[0-9a-fA-F]/.test(text[i + 2] ?? '')) {
      const digits = /^[0-9a-fA-F]{1,4}/.exec(text.slice(i + 2))![0];
      out += String.fromCharCode(parseInt(digits, 16));
      i += 2 + digits.length;
    } else if (e >= '0' && e <= '7') {
      const digits = /^[0-7]{1,3}/.exec(text.slice(i + 1))![0];
      out += String.fromCharCode(parseInt(digits, 8));
      i += 1 + digits.length;
    } else {
      out += e;
      i += 2;
    }
  }
  throw new LineProblem(start, `a string is not closed (missing ${terminator})`);
}

function utf16WithNul(text: string): Uint8Array {
  return new Uint8Array(Buffer.from(`${text}\0`, 'utf16le'));
}

function requireEnd(text: string, at: number): void {
  const rest = text.slice(at);
  if (rest.trim() !== '')
    throw new LineProblem(
      at + 1 + (rest.length - rest.trimStart().length),
      `unexpected '${rest.trim()}' after the value`,
    );
}

function parseHexBytes(text: string, column: number): Uint8Array {
  const body = text.trim().replace(/,$/, '');
  if (body === '') return new Uint8Array(0);
  const parts = body.split(',');
  const bytes = new Uint8Array(parts.length);
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i].trim();
    if (!/^[0-9a-fA-F]{1,2}$/.test(part)) throw new LineProblem(column, `'${part}' is not a hex byte`);
    bytes[i] = parseInt(part, 16);
  }
  return bytes;
}

/** Parses the data after `=`. `column` is the 1-based column where it starts. */
function parseData(data: string, column: number): RawRegValue {
  if (data.startsWith('"')) {
    const { text, end } = readEscaped(data, 1, '"');
    requireEnd(data, end);
    return { type: REG_TYPES.REG_SZ, bytes: utf16WithNul(text) };
  }
  const typed = /^(str|hex)\(([0-9a-fA-F]{1,8})\):/.exec(data) ?? /^(hex|dword):/.exec(data);
  if (!typed) throw new LineProblem(column, `unknown value data '${data.slice(0, 20)}'`);
  const kind = typed[1];
  const type =
    typed[2] !== undefined
      ? parseInt(typed[2], 16)
      : kind === 'dword'
        ? REG_TYPES.REG_DWORD
        : REG_TYPES.REG_BINARY;
  const rest = data.slice(typed[0].length);
  const restColumn = column + typed[0].length;
  if (kind === 'dword') {
    if (!/^[0-9a-fA-F]{1,8}\s*$/.test(rest))
      throw new LineProblem(restColumn, `'${rest}' is not a DWORD (1 to 8 hex digits)`);
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, parseInt(rest, 16), true);
    return { type, bytes };
  }
  if (kind === 'hex') return { type, bytes: parseHexBytes(rest, restColumn) };
  if (!rest.startsWith('"'))
    throw new LineProblem(restColumn, 'str(...) must be followed by a quoted string');
  const { text, end } = readEscaped(rest, 1, '"');
  requireEnd(rest, end);
  return { type, bytes: utf16WithNul(text) };
}

/** Splits text into logical lines: a hex value continues on the next line after a trailing backslash. */
function* logicalLines(text: string): Generator<{ line: number; text: string }> {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1;
    let current = lines[i];
    while (/=\s*hex(\([0-9a-fA-F]+\))?:/.test(current) && /\\\s*$/.test(current) && i + 1 < lines.length) {
      current = current.replace(/\\\s*$/, '') + lines[++i].trim();
    }
    yield { line, text: current };
  }
}

interface KeyRecord {
  key: string;
  line: number;
  link: boolean;
  values: WineRegValue[];
}

/**
 * Parses a Wine registry file (`system.reg`, `user.reg`): the `WINE REGISTRY Version 2` header,
 * sections `[Software\\Microsoft\\...] 1234567890` (key names escaped as Wine writes them),
 * `#time=`, `#class=` and `#link` lines, `;` comments, and values `"Name"=` or `@=` followed by
 * `"str"`, `str(2):"..."`, `str(7):"a\0b\0"`, `dword:0000000a`, `hex:01,02` or `hex(7):...`
 * (continued over lines with a trailing backslash). Keys go below `root` (`HKLM` or `HKCU`).
 * Throws InputError listing every malformed line (`line:column`); returns nothing partial.
 */
export function parseWineReg(text: string, root: string, source: string): WineRegistry {
  const problems: InputProblem[] = [];
  const records: KeyRecord[] = [];
  let current: KeyRecord | undefined;
  let brokenKey = false;
  let first = true;
  for (const { line, text: raw } of logicalLines(text.replace(/^\uFEFF/, ''))) {
    if (first) {
      first = false;
      if (raw.trim() !== WINE_REGISTRY_HEADER) {
        problems.push({ where: `${line}:1`, message: `expected '${WINE_REGISTRY_HEADER}'` });
        break;
      }
      continue;
    }
    const trimmed = raw.trim();
    if (trimmed === '' || trimmed.startsWith(';')) continue;
    const indent = raw.length - raw.trimStart().length;
    try {
      if (trimmed.startsWith('#')) {
        if (current && /^#link\s*$/.test(trimmed)) current.link = true;
        continue;
      }
      if (trimmed.startsWith('[')) {
        current = undefined;
        brokenKey = true;
        const { text: name, end } = readEscaped(trimmed, 1, ']');
        if (!/^\s*(\d+)?\s*$/.test(trimmed.slice(end))) {
          throw new LineProblem(
            indent + end + 1,
            `unexpected '${trimmed.slice(end).trim()}' after the key name`,
          );
        }
        const key = `${root}\\${name}`;
        const parsed = parseKeyPath(key);
        if (typeof parsed === 'string' || parsed.names.length === 0) {
          throw new LineProblem(
            indent + 2,
            `'${name}' is not a usable key name (${typeof parsed === 'string' ? parsed : 'empty'})`,
          );
        }
        current = { key, line, link: false, values: [] };
        brokenKey = false;
        records.push(current);
        continue;
      }
      if (trimmed.startsWith('@=') || trimmed.startsWith('"')) {
        // Values below a malformed key line were reported with it already.
        if (!current && brokenKey) continue;
        if (!current) throw new LineProblem(indent + 1, 'a value before any [key] line');
        let name = '';
        let after = 2;
        if (trimmed.startsWith('"')) {
          const read = readEscaped(trimmed, 1, '"');
          name = read.text;
          if (trimmed[read.end] !== '=')
            throw new LineProblem(indent + read.end + 1, "expected '=' after the value name");
          after = read.end + 1;
        }
        if (name.length > 16383) throw new LineProblem(indent + 2, 'value name longer than 16383 characters');
        const value = parseData(trimmed.slice(after), indent + after + 1);
        current.values.push({ key: current.key, name, value, line });
        continue;
      }
      throw new LineProblem(indent + 1, `unrecognised line '${trimmed.slice(0, 40)}'`);
    } catch (error) {
      if (!(error instanceof LineProblem)) throw error;
      problems.push({ where: `${line}:${error.column}`, message: error.message });
    }
  }
  if (problems.length > 0) throw new InputError(source, problems);
  const kept = records.filter((r) => !r.link);
  return {
    keys: kept.map((r) => r.key),
    values: kept.flatMap((r) => r.values),
    links: records.filter((r) => r.link).map((r) => ({ key: r.key, line: r.line })),
  };
}
