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

/** A 16-bit version block: wLength, wValueLength, the ANSI key, padding to 4, the value, padding, children. */
function block16(key: string, value: Buffer, children: Buffer[] = []): Buffer {
  const pad = (b: Buffer) => Buffer.concat([b, Buffer.alloc((4 - (b.length % 4)) % 4)]);
  const head = pad(Buffer.concat([Buffer.alloc(4), Buffer.from(`${key}\0`, 'latin1')]));
  const body = Buffer.concat([head, children.length > 0 ? pad(value) : value, ...children.map(pad)]);
  body.writeUInt16LE(body.length, 0);
  body.writeUInt16LE(value.length, 2);
  return body;
}

/** An NE file whose only resource is `resource`, as RT_VERSION id 1. */
function neWithVersionResource(resource: Buffer): Buffer {
  const units = Math.ceil(resource.length / 16);
  const bytes = neFile([0, 0, 0, 0]);
  const file = Buffer.concat([
    bytes.subarray(0, 0x100),
    resource,
    Buffer.alloc(units * 16 - resource.length),
  ]);
  file.writeUInt16LE(units, 0x40 + 0x40 + 2 + 10);
  return file;
}

/** A version resource without VS_FIXEDFILEINFO whose StringFileInfo says FileVersion `text`. */
function stringOnlyResource(text: string, options: { fixed?: Buffer } = {}): Buffer {
  const fileVersion = block16('FileVersion', Buffer.from(`${text}\0`, 'latin1'));
  const company = block16('CompanyName', Buffer.from('Microsoft Corporation\0', 'latin1'));
  const table = block16('040904E4', Buffer.alloc(0), [company, fileVersion]);
  return block16('VS_VERSION_INFO', options.fixed ?? Buffer.alloc(0), [
    block16('StringFileInfo', Buffer.alloc(0), [table]),
  ]);
}

describe('16-bit NE version resources with only a FileVersion string', () => {
  it("reads the StringFileInfo's FileVersion where the NE file has no VS_FIXEDFILEINFO", () => {
    expect(readPeVersionInfo(neWithVersionResource(stringOnlyResource('3.10.0.103')))).toEqual({
      version: '3.10.0.103',
    });
    expect(readPeVersionInfo(neWithVersionResource(stringOnlyResource('4.00.950 (Win95)')))).toEqual({
      version: '4.0.950.0',
    });
  });

  it('a fixed part without its signature falls back to the FileVersion string', () => {
    const unsigned = Buffer.alloc(52);
    const file = neWithVersionResource(stringOnlyResource('5, 0, 2195, 1', { fixed: unsigned }));
    expect(readPeVersionInfo(file)).toEqual({ version: '5.0.2195.1' });
  });

  it('a string that is no version, or no string at all, is reported, never silent', () => {
    expect(readPeVersionInfo(neWithVersionResource(stringOnlyResource('beta'))).problem).toBe(
      "the FileVersion string 'beta' is not a version",
    );
    const bare = block16('VS_VERSION_INFO', Buffer.alloc(0));
    expect(readPeVersionInfo(neWithVersionResource(bare)).problem).toMatch(/neither a VS_FIXEDFILEINFO nor/);
  });
});
