/**
 * Builds small PE32 and PE32+ files byte by byte, following the PE/COFF specification, with a
 * resource section holding VS_VERSIONINFO blocks and, optionally, a COFF symbol table and a
 * section with a long (`/4`) name, as MinGW and GCC builds have.
 */

const pad4 = (bytes: Buffer): Buffer => Buffer.concat([bytes, Buffer.alloc((4 - (bytes.length % 4)) % 4)]);
const utf16z = (text: string): Buffer => Buffer.from(`${text}\0`, 'utf16le');

/** One VS_VERSIONINFO-style block: wLength, wValueLength, wType, szKey, Value, Children. */
export function versionBlock(
  key: string,
  value: Buffer,
  options: { text?: boolean; valueLength?: number; children?: Buffer[] } = {},
): Buffer {
  const head = pad4(Buffer.concat([Buffer.alloc(6), utf16z(key)]));
  const children = (options.children ?? []).map(pad4);
  const body = Buffer.concat([head, pad4(value), ...children]);
  const length = children.length ? body.length : head.length + value.length;
  body.writeUInt16LE(length, 0);
  body.writeUInt16LE(options.valueLength ?? (options.text ? value.length / 2 : value.length), 2);
  body.writeUInt16LE(options.text ? 1 : 0, 4);
  return body.subarray(0, length);
}

/** A VS_FIXEDFILEINFO for file version `a.b.c.d`. */
export function fixedFileInfo(version: string): Buffer {
  const [a, b, c, d] = version.split('.').map(Number);
  const info = Buffer.alloc(52);
  info.writeUInt32LE(0xfeef04bd, 0);
  info.writeUInt32LE(0x10000, 4);
  for (const at of [8, 16]) {
    info.writeUInt32LE(((a << 16) | b) >>> 0, at);
    info.writeUInt32LE(((c << 16) | d) >>> 0, at + 4);
  }
  info.writeUInt32LE(0x3f, 20 + 4);
  info.writeUInt32LE(0x40004, 32);
  info.writeUInt32LE(1, 36);
  return info;
}

/** A whole VS_VERSIONINFO: the fixed part (when `fixed` is given) and a FileVersion string (when `text` is). */
export function versionInfo(version: { fixed?: string; text?: string }): Buffer {
  const strings =
    version.text === undefined ? [] : [versionBlock('FileVersion', utf16z(version.text), { text: true })];
  const table = versionBlock('040904b0', Buffer.alloc(0), { text: true, children: strings });
  const translation = Buffer.alloc(4);
  translation.writeUInt32LE(0x04b00409, 0);
  return versionBlock('VS_VERSION_INFO', version.fixed ? fixedFileInfo(version.fixed) : Buffer.alloc(0), {
    children: [
      versionBlock('StringFileInfo', Buffer.alloc(0), { text: true, children: [table] }),
      versionBlock('VarFileInfo', Buffer.alloc(0), {
        text: true,
        children: [versionBlock('Translation', translation)],
      }),
    ],
  });
}

export interface PeSpec {
  format: 'pe32' | 'pe32+';
  /** RT_VERSION resources by id, each with its languages' data; none: no resource section. */
  versions?: { id: number; languages: { language: number; data: Buffer }[] }[];
  /** The resource type of `versions` (16, RT_VERSION, unless a test wants another). */
  resourceType?: number;
  /** A COFF symbol table, a string table and a section named through it (`/4`). */
  symbols?: boolean;
}

const RSRC_RVA = 0x2000;

/** The resource section: type 16 -> each id -> each language -> data entry -> data. */
function resourceSection(versions: NonNullable<PeSpec['versions']>, type: number): Buffer {
  const directory = (entries: [number, number][]) => {
    const table = Buffer.alloc(16 + entries.length * 8);
    table.writeUInt16LE(entries.length, 14);
    entries.forEach(([id, target], i) => {
      table.writeUInt32LE(id, 16 + i * 8);
      table.writeUInt32LE(target >>> 0, 20 + i * 8);
    });
    return table;
  };
  const tables =
    16 + 8 + (16 + versions.length * 8) + versions.reduce((n, v) => n + 16 + v.languages.length * 8, 0);
  const leaves = versions.reduce((n, v) => n + v.languages.length * 16, 0);
  let dataAt = tables + leaves;
  let leafAt = tables;
  let languageAt = 16 + 8 + 16 + versions.length * 8;
  const languageTables: Buffer[] = [];
  const leafEntries: Buffer[] = [];
  const blobs: Buffer[] = [];
  const nameEntries: [number, number][] = [];
  for (const version of versions) {
    nameEntries.push([version.id, 0x80000000 | languageAt]);
    const languageEntries: [number, number][] = [];
    for (const { language, data } of version.languages) {
      languageEntries.push([language, leafAt]);
      const leaf = Buffer.alloc(16);
      leaf.writeUInt32LE(RSRC_RVA + dataAt, 0);
      leaf.writeUInt32LE(data.length, 4);
      leafEntries.push(leaf);
      blobs.push(pad4(data));
      leafAt += 16;
      dataAt += pad4(data).length;
    }
    const table = directory(languageEntries);
    languageTables.push(table);
    languageAt += table.length;
  }
  return Buffer.concat([
    directory([[type, 0x80000000 | 24]]),
    directory(nameEntries),
    ...languageTables,
    ...leafEntries,
    ...blobs,
  ]);
}

const align = (n: number, to: number) => Math.ceil(n / to) * to;

/** A PE file as `spec` says. */
export function buildPe(spec: PeSpec): Uint8Array {
  const plus = spec.format === 'pe32+';
  const optionalSize = plus ? 240 : 224;
  const sections: { name: string; rva: number; data: Buffer }[] = [
    { name: '.text', rva: 0x1000, data: Buffer.from([0xc3]) },
  ];
  if (spec.versions)
    sections.push({
      name: '.rsrc',
      rva: RSRC_RVA,
      data: resourceSection(spec.versions, spec.resourceType ?? 16),
    });
  if (spec.symbols) sections.push({ name: '/4', rva: 0x10000, data: Buffer.from('DWARF debug info') });
  const headersSize = align(0x40 + 24 + optionalSize + sections.length * 40, 0x200);
  let raw = headersSize;
  const placed = sections.map((s) => {
    const at = raw;
    raw += align(s.data.length, 0x200);
    return { ...s, raw: at };
  });
  const stringTable = Buffer.concat([Buffer.alloc(4), Buffer.from('.debug_info\0')]);
  stringTable.writeUInt32LE(stringTable.length, 0);
  const symbols = spec.symbols ? Buffer.concat([Buffer.alloc(18 * 2), stringTable]) : Buffer.alloc(0);
  const file = Buffer.alloc(raw + symbols.length);
  file.write('MZ', 0, 'latin1');
  file.writeUInt32LE(0x40, 0x3c);
  file.write('PE\0\0', 0x40, 'latin1');
  const coff = 0x44;
  file.writeUInt16LE(plus ? 0x8664 : 0x14c, coff);
  file.writeUInt16LE(sections.length, coff + 2);
  if (spec.symbols) {
    file.writeUInt32LE(raw, coff + 8);
    file.writeUInt32LE(2, coff + 12);
    symbols.copy(file, raw);
  }
  file.writeUInt16LE(optionalSize, coff + 16);
  file.writeUInt16LE(plus ? 0x2022 : 0x2102, coff + 18);
  const optional = coff + 20;
  file.writeUInt16LE(plus ? 0x20b : 0x10b, optional);
  file.writeUInt32LE(0x1000, optional + 32);
  file.writeUInt32LE(0x200, optional + 36);
  file.writeUInt32LE(align(Math.max(...placed.map((s) => s.rva + s.data.length)), 0x1000), optional + 56);
  file.writeUInt32LE(headersSize, optional + 60);
  const directories = optional + (plus ? 112 : 96);
  file.writeUInt32LE(16, directories - 4);
  const rsrc = placed.find((s) => s.name === '.rsrc');
  if (rsrc) {
    file.writeUInt32LE(rsrc.rva, directories + 16);
    file.writeUInt32LE(rsrc.data.length, directories + 20);
  }
  placed.forEach((s, i) => {
    const at = optional + optionalSize + i * 40;
    file.write(s.name, at, 'latin1');
    file.writeUInt32LE(s.data.length, at + 8);
    file.writeUInt32LE(s.rva, at + 12);
    file.writeUInt32LE(align(s.data.length, 0x200), at + 16);
    file.writeUInt32LE(s.raw, at + 20);
    s.data.copy(file, s.raw);
  });
  return new Uint8Array(file);
}

/** A PE whose one version resource (id 1, US English) is the given version. */
export function peWithVersion(
  version: string,
  format: PeSpec['format'] = 'pe32+',
  symbols = false,
): Uint8Array {
  return buildPe({
    format,
    symbols,
    versions: [
      { id: 1, languages: [{ language: 0x409, data: versionInfo({ fixed: version, text: version }) }] },
    ],
  });
}

/** A PE without a version resource. */
export function peWithoutVersion(format: PeSpec['format'] = 'pe32+'): Uint8Array {
  return buildPe({ format });
}
