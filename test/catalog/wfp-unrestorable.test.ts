import { describe, expect, it } from 'vitest';
import {
  WFP_EVENT_FILE_NOT_RESTORED,
  WFP_EVENT_FILE_RESTORED,
  WFP_EVENT_SOURCE,
  enforceFileProtection,
  sfc,
} from '../../src/catalog/index.js';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { deleteFile, setAttributes, writeFile } from '../../src/ops/index.js';
import { catalogedCore, junk, tamperableDll } from './wfp-helpers.js';

const DLLCACHE = '%SystemRoot%\\system32\\dllcache';

function wfpEvents(core: ImageCore, eventId: number) {
  return core.events.filter((e) => e.source === WFP_EVENT_SOURCE && e.eventId === eventId);
}

/** Spoils the only good copy (dllcache) of a protected file, then overwrites the file itself. */
function tamperWithoutGoodCopy(core: ImageCore, skip = 0, badVersion = '9.9.9.9') {
  const file = tamperableDll(core, skip);
  const cachePath = `${core.expand(DLLCACHE)}\\${file.name}`;
  writeFile(core, cachePath, junk(100, 9 + skip));
  writeFile(core, file.path, junk(4096, 3 + skip), { version: badVersion });
  return { file, cachePath, bad: Buffer.from(core.readFile(file.path)) };
}

describe('Windows File Protection when no good copy exists (event 64004)', () => {
  it('leaves the bad file as it is and logs warning 64004 naming it, its version and TRUST_E_NOSIGNATURE', async () => {
    const core = await catalogedCore();
    const { file, bad } = tamperWithoutGoodCopy(core);
    const before = digestImage(core);

    const result = enforceFileProtection(core, [file.path]);

    expect(result).toEqual({ checked: 1, restored: [], unrestorable: [file.path] });
    expect(digestImage(core)).toBe(before);
    expect(Buffer.from(core.readFile(file.path)).equals(bad)).toBe(true);
    expect(core.stat(file.path).version).toBe('9.9.9.9');
    expect(wfpEvents(core, WFP_EVENT_FILE_RESTORED)).toHaveLength(0);
    const events = wfpEvents(core, WFP_EVENT_FILE_NOT_RESTORED);
    expect(events).toHaveLength(1);
    expect(events[0].type).toBe('warning');
    expect(events[0].message).toBe(
      `The protected system file ${file.path} could not be restored to its original, valid version. ` +
        'The file version of the bad file is 9.9.9.9. The specific error code is 0x800b0100 [TRUST_E_NOSIGNATURE].',
    );
  });

  it('a deleted file with no copy in any source stays missing, with ERROR_FILE_NOT_FOUND and no version', async () => {
    const core = await catalogedCore();
    const file = tamperableDll(core);
    deleteFile(core, `${core.expand(DLLCACHE)}\\${file.name}`);
    deleteFile(core, file.path);

    const result = enforceFileProtection(core, [file.path]);

    expect(result.unrestorable).toEqual([file.path]);
    expect(core.find(file.path)).toBeUndefined();
    const [event] = wfpEvents(core, WFP_EVENT_FILE_NOT_RESTORED);
    expect(event.message).toContain(`protected system file ${file.path} could not be restored`);
    expect(event.message).not.toContain('file version of the bad file');
    expect(event.message).toContain('error code is 0x00000002 [ERROR_FILE_NOT_FOUND]');
  });

  it('a good copy that cannot be written over a read-only bad file logs 64004 with the refusal', async () => {
    const core = await catalogedCore();
    const file = tamperableDll(core);
    writeFile(core, file.path, junk());
    setAttributes(core, file.path, ['readonly']);
    const bad = Buffer.from(core.readFile(file.path));

    const result = enforceFileProtection(core, [file.path]);

    expect(result.restored).toEqual([]);
    expect(result.unrestorable).toEqual([file.path]);
    expect(Buffer.from(core.readFile(file.path)).equals(bad)).toBe(true);
    const [event] = wfpEvents(core, WFP_EVENT_FILE_NOT_RESTORED);
    expect(event.message).toContain('error code is 0x00000005 [ERROR_ACCESS_DENIED]');
  });

  it('a restorable file logs 64002 and no 64004', async () => {
    const core = await catalogedCore();
    const file = tamperableDll(core);
    writeFile(core, file.path, junk());
    enforceFileProtection(core, [file.path]);
    expect(wfpEvents(core, WFP_EVENT_FILE_RESTORED)).toHaveLength(1);
    expect(wfpEvents(core, WFP_EVENT_FILE_NOT_RESTORED)).toHaveLength(0);
  });
});

describe('sfc with a violation that has no good copy', () => {
  it('reports it in unrestorable, leaves it and its spoilt dllcache copy as they are, and restores the others', async () => {
    const core = await catalogedCore();
    const { file: stuck, cachePath, bad } = tamperWithoutGoodCopy(core, 0);
    const spoiltCache = Buffer.from(core.readFile(cachePath));
    const fixable = tamperableDll(core, 1);
    writeFile(core, fixable.path, junk(2048, 5));

    const result = await sfc(core, { hashMode: 'inline' });

    expect(result.scanned).toBe(core.protectedPaths.size);
    expect(result.violations.map((v) => v.path).sort()).toEqual([stuck.path, fixable.path].sort());
    expect(result.restored.map((r) => r.path)).toEqual([fixable.path]);
    expect(result.unrestorable).toEqual([stuck.path]);
    expect(Buffer.from(core.readFile(stuck.path)).equals(bad)).toBe(true);
    expect(Buffer.from(core.readFile(cachePath)).equals(spoiltCache)).toBe(true);
    expect(wfpEvents(core, WFP_EVENT_FILE_RESTORED)).toHaveLength(1);
    const notRestored = wfpEvents(core, WFP_EVENT_FILE_NOT_RESTORED);
    expect(notRestored).toHaveLength(1);
    expect(notRestored[0].message).toContain(stuck.path);
  });

  it('a clean image reports nothing unrestorable and logs no 64004', async () => {
    const core = await catalogedCore();
    const result = await sfc(core, { hashMode: 'inline' });
    expect(result.violations).toEqual([]);
    expect(result.unrestorable).toEqual([]);
    expect(wfpEvents(core, WFP_EVENT_FILE_NOT_RESTORED)).toHaveLength(0);
  });
});
