import { describe, expect, it } from 'vitest';
import {
  WFP_EVENT_FILE_RESTORED,
  WFP_EVENT_SOURCE,
  buildCatalog,
  enforceFileProtection,
  installCatalog,
} from '../../src/catalog/index.js';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { createDirectory, deleteFile, writeFile } from '../../src/ops/index.js';
import { defaultSigningKey } from '../../src/package/index.js';
import { catalogedCore, junk, tamperableDll } from './wfp-helpers.js';

function wfpEvents(core: ImageCore) {
  return core.events.filter((e) => e.source === WFP_EVENT_SOURCE && e.eventId === WFP_EVENT_FILE_RESTORED);
}

/** Puts a copy of `data` as `<folder>\<name>` (creating the folder). */
function plant(core: ImageCore, folder: string, name: string, data: Uint8Array, version?: string): void {
  const full = core.expand(folder);
  if (!core.find(full)) createDirectory(core, full, { recursive: true });
  writeFile(core, `${full}\\${name}`, data, version ? { version } : {});
}

describe('enforceFileProtection', () => {
  it('restores a protected DLL overwritten with junk from dllcache and logs event 64002', async () => {
    const core = await catalogedCore();
    const file = tamperableDll(core);
    const original = Buffer.from(core.content(file.entry!));
    const version = file.entry!.version;
    const before = digestImage(core);

    writeFile(core, file.path, junk());
    expect(digestImage(core)).not.toBe(before);
    const result = enforceFileProtection(core, [file.path]);

    expect(result.checked).toBe(1);
    expect(result.unrestorable).toEqual([]);
    expect(result.restored).toEqual([
      { path: file.path, from: core.expand('%SystemRoot%\\system32\\dllcache') },
    ]);
    expect(Buffer.from(core.readFile(file.path)).equals(original)).toBe(true);
    expect(core.stat(file.path).version).toBe(version);
    const events = wfpEvents(core);
    expect(events).toHaveLength(1);
    expect(events[0].message).toContain(`protected system file ${file.path}`);
    expect(events[0].message).toContain('restored to the original version');
  });

  it('leaves a good file and a non-protected file alone', async () => {
    const core = await catalogedCore();
    const file = tamperableDll(core);
    writeFile(core, 'C:\\WINNT\\system32\\notprotected.dll', junk());
    const before = digestImage(core);
    const result = enforceFileProtection(core, [file.path, 'C:\\WINNT\\system32\\notprotected.dll']);
    expect(result).toEqual({ checked: 1, restored: [], unrestorable: [] });
    expect(digestImage(core)).toBe(before);
    expect(wfpEvents(core)).toHaveLength(0);
  });

  it('accepts a replacement whose hash is in an installed catalog', async () => {
    const core = await catalogedCore();
    const file = tamperableDll(core);
    const update = junk(8192, 3);
    const catalog = await buildCatalog({
      name: 'q1.cat',
      packageId: 'Q1',
      members: [{ member: file.member, data: update }],
      privateKey: defaultSigningKey().privateKey,
    });
    installCatalog(core, 'q1.cat', catalog);
    writeFile(core, file.path, update, { version: '5.0.2195.9999' });
    const result = enforceFileProtection(core, [file.path]);
    expect(result.restored).toEqual([]);
    expect(Buffer.from(core.readFile(file.path)).equals(Buffer.from(update))).toBe(true);
  });

  it('restores a deleted protected file', async () => {
    const core = await catalogedCore();
    const file = tamperableDll(core);
    const original = Buffer.from(core.content(file.entry!));
    deleteFile(core, file.path);
    const result = enforceFileProtection(core, [file.path]);
    expect(result.restored.map((r) => r.path)).toEqual([file.path]);
    expect(Buffer.from(core.readFile(file.path)).equals(original)).toBe(true);
  });

  it('without a dllcache copy restores from Driver Cache\\i386, then ServicePackFiles\\i386', async () => {
    const core = await catalogedCore();
    const file = tamperableDll(core);
    const original = Buffer.from(core.content(file.entry!));
    const version = file.entry!.version;
    deleteFile(core, `${core.expand('%SystemRoot%\\system32\\dllcache')}\\${file.name}`);
    plant(core, '%SystemRoot%\\Driver Cache\\i386', file.name, original, version);
    plant(core, '%SystemRoot%\\ServicePackFiles\\i386', file.name, original, version);

    writeFile(core, file.path, junk());
    let result = enforceFileProtection(core, [file.path]);
    expect(result.restored).toEqual([
      { path: file.path, from: core.expand('%SystemRoot%\\Driver Cache\\i386') },
    ]);
    expect(Buffer.from(core.readFile(file.path)).equals(original)).toBe(true);

    deleteFile(core, `${core.expand('%SystemRoot%\\Driver Cache\\i386')}\\${file.name}`);
    writeFile(core, file.path, junk());
    result = enforceFileProtection(core, [file.path]);
    expect(result.restored).toEqual([
      { path: file.path, from: core.expand('%SystemRoot%\\ServicePackFiles\\i386') },
    ]);
    expect(Buffer.from(core.readFile(file.path)).equals(original)).toBe(true);
    expect(core.stat(file.path).version).toBe(version);
    expect(wfpEvents(core)).toHaveLength(2);
  });

  it('skips a source whose copy is not catalogued and reports the file unrestorable when no source is good', async () => {
    const core = await catalogedCore();
    const file = tamperableDll(core);
    const original = Buffer.from(core.content(file.entry!));
    writeFile(core, `${core.expand('%SystemRoot%\\system32\\dllcache')}\\${file.name}`, junk(100, 9));
    plant(core, '%SystemRoot%\\ServicePackFiles\\i386', file.name, original);

    writeFile(core, file.path, junk());
    let result = enforceFileProtection(core, [file.path]);
    expect(result.restored.map((r) => r.from)).toEqual([core.expand('%SystemRoot%\\ServicePackFiles\\i386')]);

    deleteFile(core, `${core.expand('%SystemRoot%\\ServicePackFiles\\i386')}\\${file.name}`);
    writeFile(core, file.path, junk());
    const before = digestImage(core);
    result = enforceFileProtection(core, [file.path]);
    expect(result.restored).toEqual([]);
    expect(result.unrestorable).toEqual([file.path]);
    expect(digestImage(core)).toBe(before);
  });

  it('with no paths checks every protected file', async () => {
    const core = await catalogedCore();
    const first = tamperableDll(core, 0);
    const second = tamperableDll(core, 1);
    writeFile(core, first.path, junk());
    writeFile(core, second.path, junk(2048, 2));
    const result = enforceFileProtection(core);
    expect(result.checked).toBe(core.protectedPaths.size);
    expect(result.restored.map((r) => r.path).sort()).toEqual([first.path, second.path].sort());
    expect(result.unrestorable).toEqual([]);
  });
});
