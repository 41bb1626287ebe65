import { parseVersionString } from './version-string.js';

/**
 * Version resources of 16-bit NE executables (Windows 3.x and the 16-bit parts of Windows 2000:
 * `krnl386.exe`, `user.exe`, ...). The resource table lists types; RT_VERSION (0x8010 there)
 * holds a 16-bit VS_VERSIONINFO: blocks of wLength, wValueLength, an ANSI key, padding to four
 * bytes, a value and child blocks (no wType; strings are ANSI). The root's value is the same
 * VS_FIXEDFILEINFO as in PE files, when present. Bounded: every offset is checked.
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

/** One block of a 16-bit VS_VERSIONINFO: wLength, wValueLength, an ANSI key, padding, Value, Children. */
interface Block16 {
  key: string;
  value: Uint8Array;
  children: Uint8Array;
}

const align4 = (offset: number) => (offset + 3) & ~3;

/** The block at the start of `bytes` (bounded by it), or undefined when it is damaged. */
function parseBlock16(bytes: Uint8Array): Block16 | undefined {
  if (bytes.byteLength < 5) return undefined;
  const length = bytes[0] | (bytes[1] << 8);
  const valueLength = bytes[2] | (bytes[3] << 8);
  if (length < 5 || length > bytes.byteLength) return undefined;
  const keyEnd = bytes.subarray(4, length).indexOf(0);
  if (keyEnd < 0) return undefined;
  const key = Buffer.from(bytes.buffer, bytes.byteOffset + 4, keyEnd).toString('latin1');
  const valueStart = Math.min(align4(4 + keyEnd + 1), length);
  const valueEnd = Math.min(valueStart + valueLength, length);
  return {
    key,
    value: bytes.subarray(valueStart, valueEnd),
    children: bytes.subarray(Math.min(align4(valueEnd), length), length),
  };
}

function* childBlocks16(children: Uint8Array): Generator<Block16> {
  let offset = 0;
  // a zero length is padding after the last block
  while (offset + 5 <= children.byteLength && (children[offset] | (children[offset + 1] << 8)) !== 0) {
    const block = parseBlock16(children.subarray(offset));
    if (!block) return;
    yield block;
    offset = align4(offset + (children[offset] | (children[offset + 1] << 8)));
  }
}

/** The FileVersion string of StringFileInfo -> any StringTable -> FileVersion (ANSI), if any. */
function fileVersionString16(root: Block16): string | undefined {
  for (const info of childBlocks16(root.children)) {
    if (info.key !== 'StringFileInfo') continue;
    for (const table of childBlocks16(info.children))
      for (const string of childBlocks16(table.children)) {
        if (string.key !== 'FileVersion') continue;
        const end = string.value.indexOf(0);
        return Buffer.from(string.value.subarray(0, end < 0 ? undefined : end)).toString('latin1');
      }
  }
  return undefined;
}

/** The version of a 16-bit VS_VERSIONINFO: the fixed one, else its StringFileInfo's FileVersion. */
function versionOfBlock16(resource: Uint8Array): { version?: string; problem?: string } {
  const root = parseBlock16(resource);
  if (!root || root.key !== KEY.slice(0, -1))
    return { problem: `the version resource's root block is not VS_VERSION_INFO` };
  const fixed = new DataView(root.value.buffer, root.value.byteOffset, root.value.byteLength);
  if (root.value.byteLength >= 52 && fixed.getUint32(0, true) === VS_FFI_SIGNATURE) {
    const ms = fixed.getUint32(8, true);
    const ls = fixed.getUint32(12, true);
    return { version: [ms >>> 16, ms & 0xffff, ls >>> 16, ls & 0xffff].join('.') };
  }
  const text = fileVersionString16(root);
  if (text === undefined)
    return { problem: 'the version resource has neither a VS_FIXEDFILEINFO nor a FileVersion string' };
  const version = parseVersionString(text);
  return version ? { version } : { problem: `the FileVersion string '${text}' is not a version` };
}

/**
 * The FileVersion of a 16-bit NE executable: its VS_FIXEDFILEINFO, or the StringFileInfo's
 * FileVersion string where the fixed part is absent. `{}` when the file is no NE file or has no
 * version resource, `{ problem }` when it has one that cannot be read.
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
  return versionOfBlock16(bytes.subarray(start, start + length));
}
