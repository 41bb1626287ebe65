/**
 * A bounded reader of a PE file's resource directory (PE32 and PE32+): DOS header -> PE header ->
 * section table -> the resource data directory -> type -> name -> language -> data. It reads only
 * the headers and tables it needs and ignores the rest, so COFF symbol tables (MinGW and GCC
 * builds), certificates, overlays and unusual section layouts do not matter.
 */

/** A PE file whose structure is damaged where the reader needed it. */
export class PeFormatError extends Error {}

const MZ = 0x5a4d;
const PE_SIGNATURE = 0x00004550;
const PE32 = 0x10b;
const PE32_PLUS = 0x20b;
const RESOURCE_DIRECTORY_INDEX = 2;
const SECTION_HEADER_BYTES = 40;
const SUBDIRECTORY = 0x80000000;

interface Section {
  virtualAddress: number;
  virtualSize: number;
  rawOffset: number;
  rawSize: number;
}

/** Little-endian reads that throw PeFormatError, never RangeError, past the end. */
class Bytes {
  private readonly view: DataView;
  constructor(readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get length(): number {
    return this.bytes.byteLength;
  }
  private need(offset: number, size: number, what: string): void {
    if (!Number.isInteger(offset) || offset < 0 || offset + size > this.bytes.byteLength)
      throw new PeFormatError(`${what} at byte ${offset} lies past the end of the file`);
  }
  u16(offset: number, what: string): number {
    this.need(offset, 2, what);
    return this.view.getUint16(offset, true);
  }
  u32(offset: number, what: string): number {
    this.need(offset, 4, what);
    return this.view.getUint32(offset, true);
  }
  slice(offset: number, size: number, what: string): Uint8Array {
    this.need(offset, size, what);
    return this.bytes.subarray(offset, offset + size);
  }
}

/** Where the PE header is, or undefined when the bytes are not a PE image (`MZ`, then `PE\0\0`). */
function peHeaderOffset(file: Bytes): number | undefined {
  if (file.length < 0x40 || file.u16(0, 'DOS header') !== MZ) return undefined;
  const offset = file.u32(0x3c, 'e_lfanew');
  if (offset + 4 > file.length || file.u32(offset, 'PE signature') !== PE_SIGNATURE) return undefined;
  return offset;
}

/** Whether the bytes start like a PE image: an `MZ` header whose `e_lfanew` points at `PE\0\0`. */
export function looksLikePe(bytes: Uint8Array): boolean {
  return peHeaderOffset(new Bytes(bytes)) !== undefined;
}

/** A PE image's section table and resource directory, once parsed. */
export class PeImage {
  private constructor(
    private readonly file: Bytes,
    private readonly sections: Section[],
    /** File offset and size of the resource directory, or undefined when the image has none. */
    private readonly resources: { offset: number; size: number } | undefined,
  ) {}

  /** Parses the headers; undefined when the bytes are not a PE image at all. */
  static parse(bytes: Uint8Array): PeImage | undefined {
    const file = new Bytes(bytes);
    const pe = peHeaderOffset(file);
    if (pe === undefined) return undefined;
    const sectionCount = file.u16(pe + 6, 'NumberOfSections');
    const optionalSize = file.u16(pe + 20, 'SizeOfOptionalHeader');
    const optional = pe + 24;
    const magic = file.u16(optional, 'optional header magic');
    if (magic !== PE32 && magic !== PE32_PLUS)
      throw new PeFormatError(`optional header magic 0x${magic.toString(16)} is neither PE32 nor PE32+`);
    const directories = optional + (magic === PE32 ? 96 : 112);
    const directoryCount = file.u32(directories - 4, 'NumberOfRvaAndSizes');
    const sections: Section[] = [];
    const table = optional + optionalSize;
    for (let i = 0; i < sectionCount; i++) {
      const at = table + i * SECTION_HEADER_BYTES;
      sections.push({
        virtualSize: file.u32(at + 8, `section ${i} header`),
        virtualAddress: file.u32(at + 12, `section ${i} header`),
        rawSize: file.u32(at + 16, `section ${i} header`),
        rawOffset: file.u32(at + 20, `section ${i} header`),
      });
    }
    const image = new PeImage(file, sections, undefined);
    if (directoryCount <= RESOURCE_DIRECTORY_INDEX) return image;
    const entry = directories + RESOURCE_DIRECTORY_INDEX * 8;
    if (entry + 8 > optional + optionalSize)
      throw new PeFormatError('the resource data directory lies outside the optional header');
    const rva = file.u32(entry, 'resource directory RVA');
    if (rva === 0 || file.u32(entry + 4, 'resource directory size') === 0) return image;
    const offset = image.fileOffset(rva, 16, 'resource directory');
    // linkers disagree on what the directory's size covers: the section's raw data bounds it
    return new PeImage(file, sections, { offset, size: image.rawBytesFrom(rva) });
  }

  /** How many bytes of raw data the section holding `rva` has from `rva` on (within the file). */
  private rawBytesFrom(rva: number): number {
    const section = this.sections.find(
      (s) => rva >= s.virtualAddress && rva < s.virtualAddress + Math.max(s.virtualSize, s.rawSize),
    )!;
    const start = section.rawOffset + (rva - section.virtualAddress);
    return Math.max(0, Math.min(section.rawOffset + section.rawSize, this.file.length) - start);
  }

  /** The file offset of `size` bytes at `rva`, which must lie within one section's raw data. */
  private fileOffset(rva: number, size: number, what: string): number {
    for (const section of this.sections) {
      const extent = Math.max(section.virtualSize, section.rawSize);
      if (rva < section.virtualAddress || rva >= section.virtualAddress + extent) continue;
      const within = rva - section.virtualAddress;
      if (within + size > section.rawSize)
        throw new PeFormatError(`${what} (RVA 0x${rva.toString(16)}) runs past its section's data`);
      return section.rawOffset + within;
    }
    throw new PeFormatError(`${what} (RVA 0x${rva.toString(16)}) is in no section`);
  }

  /** The entries of the resource directory table at `at` (relative to the resource directory). */
  private directoryEntries(at: number, what: string): { id: number | undefined; target: number }[] {
    const { offset, size } = this.resources!;
    if (at + 16 > size) throw new PeFormatError(`${what} lies past the resource directory`);
    const named = this.file.u16(offset + at + 12, what);
    const ids = this.file.u16(offset + at + 14, what);
    if (at + 16 + (named + ids) * 8 > size)
      throw new PeFormatError(`${what}'s ${named + ids} entries run past the resource directory`);
    const entries: { id: number | undefined; target: number }[] = [];
    for (let i = 0; i < named + ids; i++) {
      const entry = offset + at + 16 + i * 8;
      const name = this.file.u32(entry, what);
      const target = this.file.u32(entry + 4, what);
      entries.push({ id: name & SUBDIRECTORY ? undefined : name, target });
    }
    return entries;
  }

  private subdirectory(target: number, what: string): number {
    if (!(target & SUBDIRECTORY)) throw new PeFormatError(`${what} is data where a directory belongs`);
    return target & ~SUBDIRECTORY;
  }

  /**
   * The languages (and their data) of resource `type`/`id`: undefined when the image has no
   * resource of that type at all, an empty list when it has the type but not the id.
   */
  resource(type: number, id: number): { language: number; data: Uint8Array }[] | undefined {
    if (!this.resources) return undefined;
    const typeEntry = this.directoryEntries(0, 'the resource type directory').find((e) => e.id === type);
    if (!typeEntry) return undefined;
    const names = this.subdirectory(typeEntry.target, `resource type ${type}`);
    const nameEntry = this.directoryEntries(names, `resource type ${type}`).find((e) => e.id === id);
    if (!nameEntry) return [];
    const languages = this.subdirectory(nameEntry.target, `resource ${type}/${id}`);
    return this.directoryEntries(languages, `resource ${type}/${id}`).map((entry) => {
      if (entry.target & SUBDIRECTORY || entry.id === undefined)
        throw new PeFormatError(`resource ${type}/${id} has a directory where a language's data belongs`);
      const leaf = this.resources!.offset + entry.target;
      const what = `resource ${type}/${id}/${entry.id}`;
      if (entry.target + 16 > this.resources!.size)
        throw new PeFormatError(`${what}'s data entry lies past the resource directory`);
      const rva = this.file.u32(leaf, what);
      const size = this.file.u32(leaf + 4, what);
      const at = this.fileOffset(rva, size, what);
      return { language: entry.id, data: this.file.slice(at, size, what) };
    });
  }
}
