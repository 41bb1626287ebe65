/**
 * `.reg` text to a list of changes, with regedit's grammar: a header line,
 * `[KEY]` and `[-KEY]` sections, `"name"=` or `@=` values (`"string"`,
 * `dword:`, `hex:`, `hex(N):`, `-`), `\` continuation of hex data, `;`
 * comments. Every problem is collected with its line:column and thrown at
 * once; nothing is returned (so nothing is changed) when there is one.
 */

import { InputError, type InputProblem } from '../errors/index.js';
import { decodeAnsi } from './ansi.js';
import { MAX_VALUE_NAME, parseKeyPath } from './key-path.js';
import { REG_HEADERS, type RegFormat } from './reg-export.js';
import { REG_TYPES, type RawRegValue } from './types.js';
import { encodeUtf16le } from './utf16.js';

/** One change a `.reg` file asks for. Keys are written with the root's full name. */
export type RegChange =
  | { kind: 'createKey'; key: string }
  | { kind: 'deleteKey'; key: string }
  | { kind: 'setValue'; key: string; name: string; value: RawRegValue }
  | { kind: 'deleteValue'; key: string; name: string };

const { REG_SZ, REG_EXPAND_SZ, REG_BINARY, REG_DWORD, REG_MULTI_SZ } = REG_TYPES;
const HEX_DIGIT = /[0-9a-fA-F]/;

/** A problem on the current line; the parser skips the rest of the line. */
class LineProblem extends Error {
  constructor(
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

/** A position in the text: physical line and column (both 0-based). */
class Cursor {
  line: number;
  column: number;

  constructor(
    private readonly lines: readonly string[],
    line: number,
    column: number,
  ) {
    this.line = line;
    this.column = column;
  }

  get text(): string {
    return this.lines[this.line];
  }

  peek(): string {
    return this.text[this.column] ?? '';
  }

  fail(message: string, column = this.column): never {
    throw new LineProblem(column, message);
  }

  skipBlanks(): void {
    while (this.peek() === ' ' || this.peek() === '\t') this.column++;
  }

  /** Whether the rest of the line is blank or a comment. */
  atEnd(): boolean {
    this.skipBlanks();
    return this.peek() === '' || this.peek() === ';';
  }

  expectEnd(what: string): void {
    if (!this.atEnd()) this.fail(`unexpected text after ${what}`);
  }

  /** Consumes `word` case-insensitively if it comes next. */
  take(word: string): boolean {
    if (this.text.slice(this.column, this.column + word.length).toLowerCase() !== word) return false;
    this.column += word.length;
    return true;
  }

  /** Moves to the next line holding something other than blanks or a comment; false at the end of the text. */
  nextContentLine(): boolean {
    for (let line = this.line + 1; line < this.lines.length; line++) {
      const trimmed = this.lines[line].replace(/^[ \t]+/, '');
      if (trimmed === '' || trimmed.startsWith(';')) continue;
      this.line = line;
      this.column = this.lines[line].length - trimmed.length;
      return true;
    }
    this.line = this.lines.length - 1;
    this.column = this.text.length;
    return false;
  }

  /** A quoted string starting at the current `"`, with regedit's escapes (`\\`, `\"`, and `\r`, `\n` of multi-line strings). */
  quoted(): string {
    const start = this.column;
    this.column++;
    let text = '';
    for (;;) {
      const line = this.text;
      let stop = this.column;
      while (stop < line.length && line[stop] !== '"' && line[stop] !== '\\') stop++;
      text += line.slice(this.column, stop);
      this.column = stop;
      const c = this.peek();
      if (c === '') this.fail('unterminated string (no closing quote on this line)', start);
      this.column++;
      if (c === '"') return text;
      const escaped = this.peek();
      if (escaped === '\\' || escaped === '"') text += escaped;
      else if (escaped === 'n') text += '\n';
      else if (escaped === 'r') text += '\r';
      else
        this.fail(
          escaped === '' ? 'unterminated string (line ends in an escape)' : `invalid escape \\${escaped}`,
          this.column - 1,
        );
      this.column++;
    }
  }

  hexDigits(max: number, what: string): string {
    const start = this.column;
    while (HEX_DIGIT.test(this.peek())) this.column++;
    const digits = this.text.slice(start, this.column);
    if (digits === '') this.fail(`${what} needs hex digits`);
    if (digits.length > max) this.fail(`${what} has ${digits.length} hex digits (at most ${max})`, start);
    return digits;
  }

  /** Comma-separated hex bytes, continued across lines by a trailing `\`. */
  hexBytes(): number[] {
    const bytes: number[] = [];
    for (;;) {
      this.skipBlanks();
      if (this.peek() === '\\') {
        this.column++;
        if (!this.atEnd()) this.fail('unexpected text after the line continuation');
        if (!this.nextContentLine()) return bytes;
        this.skipBlanks();
      }
      const line = this.text;
      const first = hexValue(line.charCodeAt(this.column));
      if (first < 0) {
        if (bytes.length > 0 || !this.atEnd()) this.fail(`bad hex data '${this.peek()}'`);
        return bytes;
      }
      const second = hexValue(line.charCodeAt(this.column + 1));
      if (second < 0) {
        bytes.push(first);
        this.column += 1;
      } else {
        if (hexValue(line.charCodeAt(this.column + 2)) >= 0)
          this.fail('a hex byte has more than 2 hex digits');
        bytes.push((first << 4) | second);
        this.column += 2;
      }
      this.skipBlanks();
      if (this.peek() !== ',') return bytes;
      this.column++;
      this.skipBlanks();
      if (this.peek() === '' || this.peek() === ';') return bytes;
    }
  }
}

/** The value of a hex digit's char code, or -1. */
function hexValue(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x61 && code <= 0x66) return code - 0x57;
  if (code >= 0x41 && code <= 0x46) return code - 0x37;
  return -1;
}

function keyName(path: { root: string; names: string[] }): string {
  return [path.root, ...path.names].join('\\');
}

/** REGEDIT4 hex(2)/hex(7) data: Windows-1252 bytes, stored UTF-16LE as MultiByteToWideChar converts them. */
function ansiToUtf16(bytes: number[]): Uint8Array {
  return encodeUtf16le(decodeAnsi(Uint8Array.from(bytes)));
}

/** The value data after `=`; undefined means "delete the value". */
function valueData(cursor: Cursor, format: RegFormat): RawRegValue | undefined {
  if (cursor.peek() === '"') {
    const text = cursor.quoted();
    cursor.expectEnd('the string');
    return { type: REG_SZ, bytes: encodeUtf16le(text, 1) };
  }
  if (cursor.peek() === '-') {
    cursor.column++;
    cursor.expectEnd("'-'");
    return undefined;
  }
  if (cursor.take('dword:')) {
    cursor.skipBlanks();
    const digits = cursor.hexDigits(8, 'dword');
    cursor.expectEnd('the dword');
    const bytes = new Uint8Array(4);
    new DataView(bytes.buffer).setUint32(0, parseInt(digits, 16), true);
    return { type: REG_DWORD, bytes };
  }
  if (cursor.take('hex')) {
    let type = REG_BINARY;
    if (cursor.peek() === '(') {
      cursor.column++;
      type = parseInt(cursor.hexDigits(8, 'the hex type'), 16);
      if (cursor.peek() !== ')') cursor.fail("expected ')' after the hex type");
      cursor.column++;
    }
    if (cursor.peek() !== ':') cursor.fail("expected ':' after hex");
    cursor.column++;
    const bytes = cursor.hexBytes();
    cursor.expectEnd('the hex data');
    const ansiString = format === 'REGEDIT4' && (type === REG_EXPAND_SZ || type === REG_MULTI_SZ);
    return { type, bytes: ansiString ? ansiToUtf16(bytes) : Uint8Array.from(bytes) };
  }
  return cursor.fail('unknown value data (expected "string", dword:, hex:, hex(N): or -)');
}

function readHeader(lines: readonly string[], problems: InputProblem[]): RegFormat {
  const first = (lines[0] ?? '').replace(/^[ \t]+|[ \t]+$/g, '');
  if (first === REG_HEADERS.REGEDIT4) return 'REGEDIT4';
  const version = /^Windows Registry Editor Version[ \t]*(\S*)$/.exec(first);
  if (version !== null && version[1] === '5.00') return '5.00';
  problems.push({
    where: '1:1',
    message:
      version !== null
        ? `unsupported version '${version[1]}' (only 5.00)`
        : `not a registry file: the first line must be '${REG_HEADERS['5.00']}' or '${REG_HEADERS.REGEDIT4}'`,
  });
  return '5.00';
}

/**
 * Parses `.reg` text into changes without touching any store. Every problem
 * (bad header, unterminated string, bad hex, dword too long, a value before
 * any key, an unknown root...) is reported at once with its line:column in an
 * InputError. Values under a `[-KEY]` section are ignored, as regedit ignores them.
 */
export function parseReg(text: string, source = '.reg text'): RegChange[] {
  const lines = (text.startsWith('\ufeff') ? text.slice(1) : text).split(/\r\n|\r|\n/);
  const problems: InputProblem[] = [];
  const changes: RegChange[] = [];
  const format = readHeader(lines, problems);
  /** The key values go to; null before any key, 'none' after a deletion or a bad key. */
  let current: string | null | 'none' = null;
  const cursor: Cursor = new Cursor(lines, 0, 0);

  for (let line = 1; line < lines.length; line++) {
    cursor.line = line;
    cursor.column = 0;
    try {
      if (cursor.atEnd()) continue;
      const start = cursor.column;
      if (cursor.peek() === '[') {
        current = 'none';
        const close = cursor.text.lastIndexOf(']');
        if (close < start) cursor.fail("key name has no closing ']'");
        const deleting = cursor.text[start + 1] === '-';
        const keyText = cursor.text.slice(start + (deleting ? 2 : 1), close);
        const path = parseKeyPath(keyText);
        if (typeof path === 'string') cursor.fail(`${path} in key '${keyText}'`, start + 1);
        const key = keyName(path);
        if (deleting) {
          if (path.names.length === 0) cursor.fail(`the root key ${key} cannot be deleted`, start + 1);
          changes.push({ kind: 'deleteKey', key });
        } else {
          changes.push({ kind: 'createKey', key });
          current = key;
        }
        continue;
      }
      if (cursor.peek() !== '"' && cursor.peek() !== '@')
        cursor.fail('expected [KEY], "name"=, @= or a ; comment');
      let name = '';
      if (cursor.peek() === '@') cursor.column++;
      else name = cursor.quoted();
      if (name.length > MAX_VALUE_NAME)
        cursor.fail(`value name is ${name.length} characters long (at most ${MAX_VALUE_NAME})`, start);
      cursor.skipBlanks();
      if (cursor.peek() !== '=') cursor.fail("expected '=' after the value name");
      cursor.column++;
      cursor.skipBlanks();
      const value = valueData(cursor, format);
      if (current === null) cursor.fail('value before any [KEY] line', start);
      if (current === 'none') continue;
      changes.push(
        value === undefined
          ? { kind: 'deleteValue', key: current, name }
          : { kind: 'setValue', key: current, name, value },
      );
    } catch (error) {
      if (!(error instanceof LineProblem)) throw error;
      problems.push({ where: `${cursor.line + 1}:${error.column + 1}`, message: error.message });
    } finally {
      line = cursor.line;
    }
  }
  if (problems.length > 0) throw new InputError(source, problems);
  return changes;
}
