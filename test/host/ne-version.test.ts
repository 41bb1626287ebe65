/** 16-bit NE executables: their VS_FIXEDFILEINFO is read like a PE file's (constructed files). */
import { describe, expect, it } from 'vitest';
import { readPeVersionInfo } from '../../src/host/index.js';

/** An NE file (MZ stub, NE header, resource table, one RT_VERSION resource) with `version` a.b.c.d. */
function neFile(
  version: [number, number, number, number] | undefined,
  options: { key?: string } = {},
): Buffer {
  const bytes = Buffer.alloc(0x200);
  bytes.write('MZ', 0, 'latin1');
  bytes.writeUInt32LE(0x40, 0x3c);
  const ne = 0x40;
  bytes.write('NE', ne, 'latin1');
  const table = 0x40; // resource table right after the 64-byte NE header
  const at = ne + table;
  bytes.writeUInt16LE(4, at); // alignment shift: 16-byte units
  let entry = at + 2;
  if (version) {
    bytes.writeUInt16LE(0x8010, entry); // RT_VERSION
    bytes.writeUInt16LE(1, entry + 2);
    bytes.writeUInt16LE(0x100 >> 4, entry + 8); // offset in units
    bytes.writeUInt16LE(0x60 >> 4, entry + 10); // length in units
    bytes.writeUInt16LE(0x8001, entry + 14); // id 1
    entry += 8 + 12;
  }
  bytes.writeUInt16LE(0, entry); // end of types
  bytes.writeUInt16LE(table, ne + 0x24);
  bytes.writeUInt16LE(entry + 2 - ne, ne + 0x26); // resident names follow
  if (version) {
    const v = 0x100;
    bytes.writeUInt16LE(72, v);
    bytes.writeUInt16LE(52, v + 2);
    bytes.write(options.key ?? 'VS_VERSION_INFO\0', v + 4, 'latin1');
    bytes.writeUInt32LE(0xfeef04bd, v + 20);
    bytes.writeUInt32LE(0x10000, v + 24);
    bytes.writeUInt32LE(((version[0] << 16) | version[1]) >>> 0, v + 28);
    bytes.writeUInt32LE(((version[2] << 16) | version[3]) >>> 0, v + 32);
  }
  return bytes;
}

describe('16-bit NE version resources', () => {
  it("reads an NE file's VS_FIXEDFILEINFO (krnl386.exe of Windows 2000: 3.10.0.103)", () => {
    expect(readPeVersionInfo(neFile([3, 10, 0, 103]))).toEqual({ version: '3.10.0.103' });
    expect(readPeVersionInfo(neFile([65535, 1, 2, 65535]))).toEqual({ version: '65535.1.2.65535' });
  });

  it('an NE file without a version resource has no version and no problem', () => {
    expect(readPeVersionInfo(neFile(undefined))).toEqual({});
  });

  it('an NE version resource that cannot be read is reported, never silent', () => {
    expect(readPeVersionInfo(neFile([1, 2, 3, 4], { key: 'VS_SOMETHING\0\0\0\0' })).problem).toMatch(
      /VS_VERSION_INFO/,
    );
    const truncated = neFile([1, 2, 3, 4]).subarray(0, 0x120);
    expect(readPeVersionInfo(truncated).problem).toMatch(/past the end/);
  });
});
