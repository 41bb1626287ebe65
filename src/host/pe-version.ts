import * as ResEdit from 'resedit';

const MZ = 0x5a4d;
const PE_SIGNATURE = 0x00004550;

/** Whether the bytes start like a PE image: an `MZ` header whose `e_lfanew` points at `PE\0\0`. */
export function looksLikePe(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 0x40) return false;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint16(0, true) !== MZ) return false;
  const peOffset = view.getUint32(0x3c, true);
  return peOffset + 4 <= bytes.byteLength && view.getUint32(peOffset, true) === PE_SIGNATURE;
}

const RT_VERSION = 16;
const VS_FFI_SIGNATURE = 0xfeef04bd;
const VS_VERSION_INFO_KEY = 'VS_VERSION_INFO';
/** wLength, wValueLength, wType, the key and its NUL, padded to 32 bits. */
const FIXED_INFO_OFFSET = 6 + (VS_VERSION_INFO_KEY.length + 1) * 2 + 2;

/**
 * dwFileVersionMS/LS of a VS_VERSION_INFO block. Read directly (bounded, no loops) rather than
 * through resedit's VersionInfo parser, which loops forever on some corrupt child lengths.
 */
function fixedFileVersion(block: ArrayBuffer): string | undefined {
  if (block.byteLength < FIXED_INFO_OFFSET + 16) return undefined;
  const view = new DataView(block);
  if (view.getUint16(2, true) < 52) return undefined;
  const key = Buffer.from(block, 6, VS_VERSION_INFO_KEY.length * 2).toString('utf16le');
  if (key !== VS_VERSION_INFO_KEY || view.getUint32(FIXED_INFO_OFFSET, true) !== VS_FFI_SIGNATURE)
    return undefined;
  const ms = view.getUint32(FIXED_INFO_OFFSET + 8, true);
  const ls = view.getUint32(FIXED_INFO_OFFSET + 12, true);
  return [ms >>> 16, ms & 0xffff, ls >>> 16, ls & 0xffff].join('.');
}

/**
 * The FileVersion of a PE binary from its VS_VERSION_INFO (VS_FIXEDFILEINFO dwFileVersionMS/LS)
 * as `'a.b.c.d'`, or undefined when the bytes are not a PE or have no version resource.
 * Never throws: a truncated or corrupt image reads as having no version.
 */
export function readPeVersion(bytes: Uint8Array): string | undefined {
  if (!looksLikePe(bytes)) return undefined;
  try {
    const executable = ResEdit.NtExecutable.from(bytes, { ignoreCert: true });
    const resources = ResEdit.NtExecutableResource.from(executable);
    const entry = resources.entries.find((e) => e.type === RT_VERSION);
    return entry ? fixedFileVersion(entry.bin) : undefined;
  } catch {
    return undefined;
  }
}
