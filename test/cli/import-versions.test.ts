import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it, onTestFinished } from 'vitest';
import { buildPe, peWithVersion } from '../host/pe-builder.js';

const run = promisify(execFile);
const CLI = join(import.meta.dirname, '..', '..', 'dist', 'src', 'cli', 'main.js');

describe('svcpack image import', () => {
  it('says which version resources it could not read, with the host path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'svcpack-cli-import-'));
    const host = join(dir, 'host');
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    mkdirSync(host);
    writeFileSync(join(host, 'good.dll'), peWithVersion('1.2.3.4', 'pe32+', true));
    const broken = buildPe({
      format: 'pe32',
      versions: [{ id: 1, languages: [{ language: 0, data: Buffer.alloc(40, 0xff) }] }],
    });
    writeFileSync(join(host, 'broken.dll'), broken);
    const { stdout } = await run(process.execPath, [
      CLI,
      'image',
      'import',
      host,
      '-o',
      join(dir, 'out.svcimg'),
    ]);
    expect(stdout).toMatch(/1 file versions read/);
    expect(stdout).toContain(`version not read from ${join(host, 'broken.dll')}: `);
  });
});
