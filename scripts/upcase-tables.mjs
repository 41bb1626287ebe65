#!/usr/bin/env node
/**
 * Generates src/path/upcase-data.ts: the NTFS `$UpCase` tables that Windows writes when it formats
 * a volume, one per Windows era, as runs over the identity table.
 *
 * Source: ntfs-3g, libntfs-3g/unistr.c, ntfs_upcase_table_build() (github.com/tuxera/ntfs-3g,
 * commit 75dcdc2cf37478fad6c0e3427403d198b554951d, 2023-06-13), which documents the table "as defined
 * by Windows XP" (the one NT 4.0, 2000, XP and Server 2003 format with) and the changes "applied to
 * later Windows versions" (6.0 Vista, 6.1 Windows 7), with the MD5 of the resulting 128 KiB $UpCase
 * files: XP 6fa3db2468275286210751e869d36373, Vista 2f03b5a69d486ff3864cecbd07f24440. The rules
 * below restate those facts; test/path/upcase.test.ts checks the tables against the MD5s.
 *
 * Usage: node scripts/upcase-tables.mjs          (writes the file)
 *        node scripts/upcase-tables.mjs --check  (exit 1 if the file is not what this writes)
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { URL, fileURLToPath } from 'node:url';

const OUTPUT = fileURLToPath(new URL('../src/path/upcase-data.ts', import.meta.url));

/** Windows XP: ranges [first, end exclusive) that map to unit + add. */
const XP_RUNS = [
  [0x0061, 0x007b, -32],
  [0x00e0, 0x00f7, -32],
  [0x00f8, 0x00ff, -32],
  [0x0256, 0x0258, -205],
  [0x028a, 0x028c, -217],
  [0x03ac, 0x03ad, -38],
  [0x03ad, 0x03b0, -37],
  [0x03b1, 0x03c2, -32],
  [0x03c2, 0x03c3, -31],
  [0x03c3, 0x03cc, -32],
  [0x03cc, 0x03cd, -64],
  [0x03cd, 0x03cf, -63],
  [0x0430, 0x0450, -32],
  [0x0451, 0x045d, -80],
  [0x045e, 0x0460, -80],
  [0x0561, 0x0587, -48],
  [0x1f00, 0x1f08, 8],
  [0x1f10, 0x1f16, 8],
  [0x1f20, 0x1f28, 8],
  [0x1f30, 0x1f38, 8],
  [0x1f40, 0x1f46, 8],
  [0x1f51, 0x1f52, 8],
  [0x1f53, 0x1f54, 8],
  [0x1f55, 0x1f56, 8],
  [0x1f57, 0x1f58, 8],
  [0x1f60, 0x1f68, 8],
  [0x1f70, 0x1f72, 74],
  [0x1f72, 0x1f76, 86],
  [0x1f76, 0x1f78, 100],
  [0x1f78, 0x1f7a, 128],
  [0x1f7a, 0x1f7c, 112],
  [0x1f7c, 0x1f7e, 126],
  [0x1fb0, 0x1fb2, 8],
  [0x1fd0, 0x1fd2, 8],
  [0x1fe0, 0x1fe2, 8],
  [0x1fe5, 0x1fe6, 7],
  [0x2170, 0x2180, -16],
  [0x24d0, 0x24ea, -26],
  [0xff41, 0xff5b, -32],
];
/** Windows XP: pairs in [first, last) where each odd unit i + 1 maps to the even unit i before it. */
const XP_PAIRS = [
  [0x0100, 0x012f],
  [0x0132, 0x0137],
  [0x0139, 0x0149],
  [0x014a, 0x0178],
  [0x0179, 0x017e],
  [0x018b, 0x018b],
  [0x01a0, 0x01a6],
  [0x01b3, 0x01b7],
  [0x01cd, 0x01dd],
  [0x01de, 0x01ef],
  [0x01f4, 0x01f5],
  [0x01fa, 0x0218],
  [0x03e2, 0x03ef],
  [0x0460, 0x0481],
  [0x0490, 0x04bf],
  [0x04bf, 0x04bf],
  [0x04c1, 0x04c4],
  [0x04c7, 0x04c8],
  [0x04cb, 0x04cc],
  [0x04d0, 0x04eb],
  [0x04ee, 0x04f5],
  [0x04f8, 0x04f9],
  [0x1e00, 0x1e95],
  [0x1ea0, 0x1ef9],
];
/** Windows XP: single units and their upper case. */
const XP_SINGLES = [
  [0x00ff, 0x0178],
  [0x0183, 0x0182],
  [0x0185, 0x0184],
  [0x0188, 0x0187],
  [0x018c, 0x018b],
  [0x0192, 0x0191],
  [0x0199, 0x0198],
  [0x01a8, 0x01a7],
  [0x01ad, 0x01ac],
  [0x01b0, 0x01af],
  [0x01b9, 0x01b8],
  [0x01bd, 0x01bc],
  [0x01c6, 0x01c4],
  [0x01c9, 0x01c7],
  [0x01cc, 0x01ca],
  [0x01dd, 0x018e],
  [0x01f3, 0x01f1],
  [0x0253, 0x0181],
  [0x0254, 0x0186],
  [0x0259, 0x018f],
  [0x025b, 0x0190],
  [0x0260, 0x0193],
  [0x0263, 0x0194],
  [0x0268, 0x0197],
  [0x0269, 0x0196],
  [0x026f, 0x019c],
  [0x0272, 0x019d],
  [0x0275, 0x019f],
  [0x0283, 0x01a9],
  [0x0288, 0x01ae],
  [0x0292, 0x01b7],
];
/** Later changes: [first, last inclusive, add, step] applied in order (add truncated to 16 bits). */
const VISTA_CHANGES = [
  [0x37b, 0x37d, 0x82, 1],
  [0x1f80, 0x1f87, 0x8, 1],
  [0x1f90, 0x1f97, 0x8, 1],
  [0x1fa0, 0x1fa7, 0x8, 1],
  [0x2c30, 0x2c5e, -0x30, 1],
  [0x2d00, 0x2d25, -0x1c60, 1],
  [0x2c68, 0x2c6c, -0x1, 2],
  [0x219, 0x21f, -0x1, 2],
  [0x223, 0x233, -0x1, 2],
  [0x247, 0x24f, -0x1, 2],
  [0x3d9, 0x3e1, -0x1, 2],
  [0x48b, 0x48f, -0x1, 2],
  [0x4fb, 0x513, -0x1, 2],
  [0x2c81, 0x2ce3, -0x1, 2],
  [0x3f8, 0x3fb, -0x1, 3],
  [0x4c6, 0x4ce, -0x1, 4],
  [0x23c, 0x242, -0x1, 6],
  [0x4ed, 0x4f7, -0x1, 10],
  [0x450, 0x45d, -0x50, 13],
  [0x2c61, 0x2c76, -0x1, 21],
  [0x1fcc, 0x1ffc, -0x9, 48],
  [0x180, 0x180, 0xc3, 1],
  [0x195, 0x195, 0x61, 1],
  [0x19a, 0x19a, 0xa3, 1],
  [0x19e, 0x19e, 0x82, 1],
  [0x1bf, 0x1bf, 0x38, 1],
  [0x1f9, 0x1f9, -0x1, 1],
  [0x23a, 0x23a, 0x2a2b, 1],
  [0x23e, 0x23e, 0x2a28, 1],
  [0x26b, 0x26b, 0x29f7, 1],
  [0x27d, 0x27d, 0x29e7, 1],
  [0x280, 0x280, -0xda, 1],
  [0x289, 0x289, -0x45, 1],
  [0x28c, 0x28c, -0x47, 1],
  [0x3f2, 0x3f2, 0x7, 1],
  [0x4cf, 0x4cf, -0xf, 1],
  [0x1d7d, 0x1d7d, 0xee6, 1],
  [0x1fb3, 0x1fb3, 0x9, 1],
  [0x214e, 0x214e, -0x1c, 1],
  [0x2184, 0x2184, -0x1, 1],
];
const WIN7_CHANGES = [
  [0x23a, 0x23e, 0x0, 4],
  [0x250, 0x250, 0x2a1f, 2],
  [0x251, 0x251, 0x2a1c, 2],
  [0x271, 0x271, 0x29fd, 2],
  [0x371, 0x373, -0x1, 2],
  [0x377, 0x377, -0x1, 2],
  [0x3c2, 0x3c2, 0x0, 2],
  [0x3d7, 0x3d7, -0x8, 2],
  [0x515, 0x523, -0x1, 2],
  [0x1d79, 0x1d79, -0x75fc, 2],
  [0x1efb, 0x1eff, -0x1, 2],
  [0x1fc3, 0x1ff3, 0x9, 48],
  [0x1fcc, 0x1ffc, 0x0, 48],
  [0x2c65, 0x2c65, -0x2a2b, 2],
  [0x2c66, 0x2c66, -0x2a28, 2],
  [0x2c73, 0x2c73, -0x1, 2],
  [0xa641, 0xa65f, -0x1, 2],
  [0xa663, 0xa66d, -0x1, 2],
  [0xa681, 0xa697, -0x1, 2],
  [0xa723, 0xa72f, -0x1, 2],
  [0xa733, 0xa76f, -0x1, 2],
  [0xa77a, 0xa77c, -0x1, 2],
  [0xa77f, 0xa787, -0x1, 2],
  [0xa78c, 0xa78c, -0x1, 2],
];

function xpTable() {
  const table = new Uint16Array(65536);
  for (let unit = 0; unit < 65536; unit++) table[unit] = unit;
  for (const [first, end, add] of XP_RUNS) for (let u = first; u < end; u++) table[u] = u + add;
  for (const [first, last] of XP_PAIRS) for (let u = first; u < last; u += 2) table[u + 1] = u;
  for (const [unit, upper] of XP_SINGLES) table[unit] = upper;
  return table;
}

function withChanges(base, changes) {
  const table = base.slice();
  for (const [first, last, add, step] of changes)
    for (let u = first; u <= last; u += step) table[u] = (u + add) & 0xffff;
  return table;
}

/** The table as disjoint runs `first, count, delta, step`: first, first + step, ... map to unit + delta. */
function runsOf(table) {
  const runs = [];
  const covered = new Uint8Array(65536);
  const deltaAt = (unit) => (unit < 65536 && covered[unit] === 0 ? table[unit] - unit : 0);
  for (let unit = 0; unit < 65536; unit++) {
    const delta = deltaAt(unit);
    if (delta === 0) continue;
    let best = { count: 1, step: 1 };
    for (const step of [1, 2]) {
      let count = 1;
      while (deltaAt(unit + count * step) === delta) count++;
      if (count > best.count) best = { count, step };
    }
    for (let k = 0; k < best.count; k++) covered[unit + k * best.step] = 1;
    runs.push(unit, best.count, delta, best.step);
  }
  return runs;
}

/** The table the runs describe (what src/path/upcase.ts does at run time). */
function tableOf(runs) {
  const table = new Uint16Array(65536);
  for (let unit = 0; unit < 65536; unit++) table[unit] = unit;
  for (let i = 0; i < runs.length; i += 4)
    for (let k = 0; k < runs[i + 1]; k++) {
      const unit = runs[i] + k * runs[i + 3];
      table[unit] = unit + runs[i + 2];
    }
  return table;
}

function render() {
  const xp = xpTable();
  const vista = withChanges(xp, VISTA_CHANGES);
  const win7 = withChanges(vista, WIN7_CHANGES);
  const tables = { nt5: xp, 'nt6.0': vista, 'nt6.1': win7 };
  let out =
    "// Generated by scripts/upcase-tables.mjs from ntfs-3g's documented $UpCase rules: do not edit.\n" +
    '// Each table: runs of four numbers (first unit, count, delta, step) over the identity table.\n\n' +
    'export const UPCASE_RUNS: Readonly<Record<string, readonly number[]>> = {\n';
  for (const [id, table] of Object.entries(tables)) {
    const runs = runsOf(table);
    if (!tableOf(runs).every((upper, unit) => upper === table[unit])) throw new Error(`runs of ${id} differ`);
    out += `  '${id}': [\n`;
    for (let i = 0; i < runs.length; i += 4) out += `    ${runs.slice(i, i + 4).join(', ')},\n`;
    out += '  ],\n';
  }
  return out + '};\n';
}

const text = render();
if (process.argv.includes('--check')) {
  const current = readFileSync(OUTPUT, 'utf8');
  if (current !== text) {
    console.error(`${OUTPUT} is not what scripts/upcase-tables.mjs generates: run it`);
    process.exit(1);
  }
} else {
  writeFileSync(OUTPUT, text);
}
