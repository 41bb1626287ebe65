/**
 * Finds where JSON text stops being valid, because `JSON.parse` (V8) does not always say where.
 * Only called after `JSON.parse` has failed, so it favours brevity over speed.
 */

const WHITESPACE = /[ \t\n\r]*/y;
const NUMBER = /-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/y;
// eslint-disable-next-line no-control-regex
const STRING = /"([^"\\\u0000-\u001f]|\\(["\\/bfnrt]|u[0-9A-Fa-f]{4}))*"/y;

class SyntaxScan {
  at = 0;
  constructor(private readonly text: string) {}

  skip(): void {
    WHITESPACE.lastIndex = this.at;
    WHITESPACE.exec(this.text);
    this.at = WHITESPACE.lastIndex;
  }

  match(pattern: RegExp): boolean {
    pattern.lastIndex = this.at;
    if (!pattern.test(this.text)) return false;
    this.at = pattern.lastIndex;
    return true;
  }

  literal(word: string): boolean {
    if (!this.text.startsWith(word, this.at)) return false;
    this.at += word.length;
    return true;
  }

  value(): boolean {
    this.skip();
    const char = this.text[this.at];
    if (char === '{') return this.container('}', () => this.member());
    if (char === '[') return this.container(']', () => this.value());
    if (char === '"') return this.match(STRING);
    return this.match(NUMBER) || this.literal('true') || this.literal('false') || this.literal('null');
  }

  member(): boolean {
    this.skip();
    if (!this.match(STRING)) return false;
    this.skip();
    if (!this.literal(':')) return false;
    return this.value();
  }

  container(close: string, item: () => boolean): boolean {
    this.at++;
    this.skip();
    if (this.literal(close)) return true;
    while (true) {
      if (!item()) return false;
      this.skip();
      if (this.literal(close)) return true;
      if (!this.literal(',')) return false;
    }
  }
}

/** The offset of the first JSON syntax error in `text`, or `undefined` when it is valid JSON. */
export function jsonSyntaxErrorOffset(text: string): number | undefined {
  const scan = new SyntaxScan(text);
  if (!scan.value()) return scan.at;
  scan.skip();
  return scan.at === text.length ? undefined : scan.at;
}

/** `line:column` (both from 1) of an offset in text. */
export function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}
