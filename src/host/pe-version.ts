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
    const [info] = ResEdit.Resource.VersionInfo.fromEntries(resources.entries);
    if (!info) return undefined;
    const { fileVersionMS, fileVersionLS } = info.fixedInfo;
    return [fileVersionMS >>> 16, fileVersionMS & 0xffff, fileVersionLS >>> 16, fileVersionLS & 0xffff].join(
      '.',
    );
  } catch {
    return undefined;
  }
}
