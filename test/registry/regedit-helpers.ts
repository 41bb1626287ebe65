/** Shared by the regedit conformance tests: Wine's test key, its file headers, and how a case is imported and checked. */

import { expect } from 'vitest';
import { WinImage } from '../../src/machine/index.js';

export const BASE = 'Software\\Wine\\regedit_test';
export const KEY = `HKEY_CURRENT_USER\\${BASE}`;
export const V4 = `REGEDIT4\n\n[${KEY}]\n`;
export const V5 = `Windows Registry Editor Version 5.00\n\n[${KEY}]\n`;
const STRING_TYPES = new Set([1, 2, 7]);

/** `exec_import_str` writes the text as bytes; `exec_import_wstr` as UTF-16LE with a BOM. */
export function fileBytes(text: string, unicode: boolean): Uint8Array {
  return Buffer.from(unicode ? `\ufeff${text}` : text, unicode ? 'utf16le' : 'latin1');
}

export function importFile(text: string, unicode = false): WinImage {
  const image = WinImage.empty();
  image.registry.importReg(fileBytes(text, unicode), 'test.reg');
  return image;
}

/** A value as `verify_reg` sees it: string types as their RegQueryValueExA bytes. */
export type Expected = [name: string, type: number, data: string];

function shown(value: { type: number; bytes: Uint8Array } | undefined): string {
  return value === undefined ? 'absent' : `${value.type}:${Buffer.from(value.bytes).toString('hex')}`;
}

export function expectValues(image: WinImage, values: Expected[], key = KEY): void {
  for (const [name, type, data] of values) {
    const bytes = Buffer.from(data, STRING_TYPES.has(type) ? 'utf16le' : 'latin1');
    expect(shown(image.registry.getRawValue(key, name)), name).toBe(shown({ type, bytes }));
  }
}

export const dw = (n: number): string => Buffer.from(Uint32Array.of(n).buffer).toString('latin1');
export const [SZ, EXPAND, BINARY, DWORD, MULTI] = [1, 2, 3, 4, 7];
export const LINE_CONCAT = 'Line concatenation\0\0';
