/**
 * Version resources of 16-bit NE executables (Windows 3.x and the 16-bit parts of Windows 2000:
 * `krnl386.exe`, `user.exe`, ...). The resource table lists types; RT_VERSION (0x8010 there)
 * holds a 16-bit VS_VERSIONINFO: wLength, wValueLength, the ANSI key `VS_VERSION_INFO`, padding to
 * four bytes, then the same VS_FIXEDFILEINFO as in PE files. Bounded: every offset is checked.
 */

const NE_RT_VERSION = 0x8010;
const VS_FFI_SIGNATURE = 0xfeef04bd;
const KEY = 'VS_VERSION_INFO\0';
/** Type entries a table may hold before it is taken as damaged (a table is at most 64 KiB). */
const MAX_TYPES = 4096;

/** The NE header's offset, or undefined when the file is not an NE executable. */
function neHeaderOffset(view: DataView): number | undefined {
  if (view.byteLength < 0x40 || view.getUint16(0, true) !== 0x5a4d) return undefined;
  const offset = view.getUint32(0x3c, true);
  if (offset + 0x40 > view.byteLength || view.getUint16(offset, true) !== 0x454e) return undefined;
  return offset;
}

/** Where the first RT_VERSION resource is and how long it is, or a reason it cannot be found. */
function findVersionResource(
  view: DataView,
  ne: number,
): { start: number; length: number } | string | undefined {
  const table = ne + view.getUint16(ne + 0x24, true);
  const end = ne + view.getUint16(ne + 0x26, true);
  if (table === end) return undefined;
  if (table + 2 > view.byteLength) return 'the resource table lies past the end of the file';
  const shift = view.getUint16(table, true);
  if (shift > 16) return `the resource table's alignment shift ${shift} is not valid`;
  let at = table + 2;
  for (let types = 0; types < MAX_TYPES; types++) {
    if (at + 2 > view.byteLength) return 'the resource table runs past the end of the file';
    const type = view.getUint16(at, true);
    if (type === 0) return undefined;
    if (at + 8 > view.byteLength) return 'the resource table runs past the end of the file';
    const count = view.getUint16(at + 2, true);
    if (type === NE_RT_VERSION) {
      if (count === 0 || at + 8 + 12 > view.byteLength) return 'the version resource entry is damaged';
      return {
        start: view.getUint16(at + 8, true) * 2 ** shift,
        length: view.getUint16(at + 10, true) * 2 ** shift,
      };
    }
    at += 8 + count * 12;
  }
  return 'the resource table does not end';
}

/**
 * The FileVersion of a 16-bit NE executable from its VS_FIXEDFILEINFO: `{}` when the file is no
 * NE file or has no version resource, `{ problem }` when it has one that cannot be read.
 */
export function readNeVersionInfo(bytes: Uint8Array): { version?: string; problem?: string } {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const ne = neHeaderOffset(view);
  if (ne === undefined) return {};
  const found = findVersionResource(view, ne);
  if (found === undefined) return {};
  if (typeof found === 'string') return { problem: found };
  const { start, length } = found;
  if (start + Math.max(length, 4) > bytes.byteLength)
    return { problem: 'the version resource lies past the end of the file' };
  const fixedAt = start + 4 + KEY.length;
  const key = Buffer.from(
    bytes.buffer,
    bytes.byteOffset + start + 4,
    Math.min(KEY.length, length - 4),
  ).toString('latin1');
  if (key !== KEY) return { problem: `the version resource's root block is not VS_VERSION_INFO` };
  const valueLength = view.getUint16(start + 2, true);
  if (valueLength < 52 || fixedAt + 52 > start + length || view.getUint32(fixedAt, true) !== VS_FFI_SIGNATURE)
    return { problem: 'the version resource has no VS_FIXEDFILEINFO' };
  const ms = view.getUint32(fixedAt + 8, true);
  const ls = view.getUint32(fixedAt + 12, true);
  return { version: [ms >>> 16, ms & 0xffff, ls >>> 16, ls & 0xffff].join('.') };
}
