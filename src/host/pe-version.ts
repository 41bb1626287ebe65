import { readNeVersionInfo } from './ne-version.js';
import { looksLikePe, PeFormatError, PeImage } from './pe-resources.js';
import { parseVersionString } from './version-string.js';

export { looksLikePe };

const RT_VERSION = 16;
/** GetFileVersionInfo asks for resource id 1 (VS_VERSION_INFO) of type RT_VERSION. */
const VS_VERSION_INFO_ID = 1;
const VS_FFI_SIGNATURE = 0xfeef04bd;
const FIXED_FILE_INFO_BYTES = 52;
const LANG_NEUTRAL = 0;
const LANG_EN_US = 0x409;
/** Blocks nest at most StringFileInfo -> StringTable -> String below the root. */
const MAX_DEPTH = 3;

/** What reading a file's version found: a version, a reason it could not be read, or neither (no resource). */
export interface PeVersionResult {
  version?: string;
  problem?: string;
}

/** One block of a VS_VERSIONINFO tree: wLength, wValueLength, wType, szKey, padding, Value, Children. */
interface VersionBlock {
  key: string;
  value: Uint8Array;
  /** Whether the value is text (wType 1): its wValueLength counts UTF-16 units, not bytes. */
  text: boolean;
  children: Uint8Array;
}

const align4 = (offset: number) => (offset + 3) & ~3;

function parseBlock(bytes: Uint8Array): VersionBlock {
  if (bytes.byteLength < 6)
    throw new PeFormatError(`a version block of ${bytes.byteLength} bytes is too short`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const length = view.getUint16(0, true);
  const valueLength = view.getUint16(2, true);
  const text = view.getUint16(4, true) === 1;
  if (length < 6 || length > bytes.byteLength)
    throw new PeFormatError(`a version block says ${length} bytes where ${bytes.byteLength} remain`);
  let end = 6;
  while (end + 1 < length && view.getUint16(end, true) !== 0) end += 2;
  if (end + 1 >= length) throw new PeFormatError('a version block key has no terminating NUL');
  const key = Buffer.from(bytes.buffer, bytes.byteOffset + 6, end - 6).toString('utf16le');
  const valueStart = align4(end + 2);
  const valueBytes = Math.min(text ? valueLength * 2 : valueLength, Math.max(0, length - valueStart));
  const value = bytes.subarray(Math.min(valueStart, length), Math.min(valueStart + valueBytes, length));
  const childrenStart = Math.min(align4(valueStart + valueBytes), length);
  return { key, value, text, children: bytes.subarray(childrenStart, length) };
}

function* childBlocks(children: Uint8Array): Generator<VersionBlock> {
  let offset = 0;
  const view = new DataView(children.buffer, children.byteOffset, children.byteLength);
  // a zero length is padding after the last block
  while (offset + 6 <= children.byteLength && view.getUint16(offset, true) !== 0) {
    yield parseBlock(children.subarray(offset));
    offset = align4(offset + view.getUint16(offset, true));
  }
}

function fixedFileVersion(value: Uint8Array): string | undefined {
  if (value.byteLength < FIXED_FILE_INFO_BYTES) return undefined;
  const view = new DataView(value.buffer, value.byteOffset, value.byteLength);
  if (view.getUint32(0, true) !== VS_FFI_SIGNATURE) return undefined;
  const ms = view.getUint32(8, true);
  const ls = view.getUint32(12, true);
  return [ms >>> 16, ms & 0xffff, ls >>> 16, ls & 0xffff].join('.');
}

/** The first `FileVersion` string of any StringTable of a StringFileInfo block, depth-bounded. */
function fileVersionString(block: VersionBlock, depth = 0): string | undefined {
  if (block.key === 'FileVersion' && block.text) {
    const text = Buffer.from(block.value).toString('utf16le');
    return text.slice(0, text.indexOf('\0') < 0 ? undefined : text.indexOf('\0'));
  }
  if (depth >= MAX_DEPTH) return undefined;
  for (const child of childBlocks(block.children)) {
    if (depth === 0 && child.key !== 'StringFileInfo') continue;
    const found = fileVersionString(child, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** The version a VS_VERSIONINFO block gives: the fixed one, else its FileVersion string. */
function versionOfBlock(data: Uint8Array): PeVersionResult {
  const root = parseBlock(data);
  if (root.key !== 'VS_VERSION_INFO')
    return { problem: `the version resource's root block is '${root.key}', not VS_VERSION_INFO` };
  const fixed = fixedFileVersion(root.value);
  if (fixed) return { version: fixed };
  const text = fileVersionString(root);
  if (text === undefined)
    return { problem: 'the version resource has neither a VS_FIXEDFILEINFO nor a FileVersion string' };
  const version = parseVersionString(text);
  return version ? { version } : { problem: `the FileVersion string '${text}' is not a version` };
}

/**
 * Which language FindResource picks when asked for the neutral language, as GetFileVersionInfo
 * asks: the neutral one, else US English, else the first listed.
 */
function pickLanguage<T extends { language: number }>(languages: T[]): T {
  return (
    languages.find((l) => l.language === LANG_NEUTRAL) ??
    languages.find((l) => l.language === LANG_EN_US) ??
    languages[0]
  );
}

/**
 * The FileVersion of a PE32 or PE32+ binary (or a 16-bit NE one, see ne-version.ts) as `'a.b.c.d'`: VS_FIXEDFILEINFO's dwFileVersionMS/LS,
 * or the StringFileInfo's FileVersion string where the fixed part is absent. Not a PE, or a PE
 * without a version resource: `{}`. A version resource (or a PE whose headers are damaged where
 * the resource would be found) that cannot be read: `{ problem }`, saying why. Never throws.
 */
export function readPeVersionInfo(bytes: Uint8Array): PeVersionResult {
  try {
    const image = PeImage.parse(bytes);
    // not a PE file: perhaps a 16-bit NE one
    if (!image) return readNeVersionInfo(bytes);
    const languages = image.resource(RT_VERSION, VS_VERSION_INFO_ID);
    if (languages === undefined) return {};
    if (languages.length === 0)
      return { problem: 'the file has version resources but none with id 1 (VS_VERSION_INFO)' };
    return versionOfBlock(pickLanguage(languages).data);
  } catch (error) {
    if (error instanceof PeFormatError) return { problem: error.message };
    throw error;
  }
}

/** The LANGIDs a `VarFileInfo\Translation` value lists (each entry: LANGID, then code page). */
function translationLanguages(root: VersionBlock): number[] {
  for (const info of childBlocks(root.children)) {
    if (info.key !== 'VarFileInfo') continue;
    for (const variable of childBlocks(info.children)) {
      if (variable.key !== 'Translation') continue;
      const view = new DataView(variable.value.buffer, variable.value.byteOffset, variable.value.byteLength);
      const languages: number[] = [];
      for (let at = 0; at + 4 <= view.byteLength; at += 4) languages.push(view.getUint16(at, true));
      return languages;
    }
  }
  return [];
}

/**
 * The languages a PE binary's version resource declares (`VarFileInfo\Translation`, what
 * MsiGetFileVersion reports as the file's language), as LANGIDs, the neutral language (0) left out:
 * `[0x409]` for a US English file, `[]` for a language-neutral one, a file without a version
 * resource or one that cannot be read. Never throws.
 */
export function readPeLanguages(bytes: Uint8Array): number[] {
  try {
    const image = PeImage.parse(bytes);
    const languages = image?.resource(RT_VERSION, VS_VERSION_INFO_ID);
    if (!languages || languages.length === 0) return [];
    const root = parseBlock(pickLanguage(languages).data);
    if (root.key !== 'VS_VERSION_INFO') return [];
    return [...new Set(translationLanguages(root))].filter((language) => language !== LANG_NEUTRAL);
  } catch (error) {
    if (error instanceof PeFormatError) return [];
    throw error;
  }
}

/** The FileVersion of a PE binary, or undefined when it has none or it cannot be read. */
export function readPeVersion(bytes: Uint8Array): string | undefined {
  return readPeVersionInfo(bytes).version;
}
