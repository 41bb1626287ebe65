import { describe, expect, it } from 'vitest';
import { decodePendingRenames } from '../../src/boot/codec.js';
import type { PendingEntry } from '../../src/boot/queue-entry.js';
import { modelKey, referenceBoot, type ModelNode, type ModelState } from '../../src/boot/reference-model.js';

const file = (content: string, extra: Partial<ModelNode> = {}): ModelNode => ({
  kind: 'file',
  readOnly: false,
  protected: false,
  content,
  ...extra,
});
const dir = (extra: Partial<ModelNode> = {}): ModelNode => ({
  kind: 'dir',
  readOnly: false,
  protected: false,
  content: '',
  ...extra,
});

function machine(nodes: Record<string, ModelNode>, allowProtectedRenames = false): ModelState {
  return { nodes: new Map(Object.entries(nodes)), allowProtectedRenames };
}

let nextIndex = 0;
/** A queue entry; paths get the `\??\` prefix unless `raw` is set. */
function entry(
  source: string,
  destination: string | null,
  options: { replace?: boolean; value?: 1 | 2; raw?: boolean } = {},
): PendingEntry {
  const nt = (path: string): string => (options.raw ? path : `\\??\\${path}`);
  const replace = destination !== null && (options.replace ?? false);
  const dst = destination === null ? null : nt(destination);
  return {
    source: nt(source),
    destination: dst,
    replaceExisting: replace,
    rawSource: nt(source),
    rawDestination: dst === null ? '' : (replace ? '!' : '') + dst,
    value: options.value ?? 1,
    index: nextIndex++,
  };
}

const listing = (state: ModelState): Record<string, ModelNode> => Object.fromEntries([...state.nodes].sort());

describe('referenceBoot (spec/pending-renames.md, Windows/ReactOS column)', () => {
  it('B1: strictly in queued order: "delete X, then rename Y to X" works, the reverse does not', () => {
    const start = machine({ 'C:\\X': file('old'), 'C:\\Y': file('new') });
    const forward = referenceBoot(start, [entry('C:\\X', null), entry('C:\\Y', 'C:\\X')]);
    expect(forward.outcomes).toEqual([{ outcome: 'deleted' }, { outcome: 'renamed' }]);
    expect(listing(forward.state)).toEqual({ 'C:\\X': file('new') });

    const reverse = referenceBoot(start, [entry('C:\\Y', 'C:\\X'), entry('C:\\X', null)]);
    expect(reverse.outcomes).toEqual([
      { outcome: 'failed', error: 'ERROR_ALREADY_EXISTS' },
      { outcome: 'deleted' },
    ]);
    expect(listing(reverse.state)).toEqual({ 'C:\\Y': file('new') });
  });

  it('B1: all pairs of value 1 run before value 2; outcomes stay in the given positions', () => {
    const start = machine({ 'C:\\X': file('old'), 'C:\\Y': file('new') });
    const result = referenceBoot(start, [
      entry('C:\\Y', 'C:\\X', { value: 2 }),
      entry('C:\\X', null, { value: 1 }),
    ]);
    expect(result.outcomes).toEqual([{ outcome: 'renamed' }, { outcome: 'deleted' }]);
    expect(listing(result.state)).toEqual({ 'C:\\X': file('new') });
  });

  it('B2: plain rename, destination absent: renamed, case-insensitively, attributes travel', () => {
    const start = machine({ 'C:\\WINNT': dir(), 'C:\\WINNT\\A.TMP': file('v2', { readOnly: true }) });
    const result = referenceBoot(start, [entry('c:\\winnt\\a.tmp', 'C:\\WinNT\\a.dll')]);
    expect(result.outcomes).toEqual([{ outcome: 'renamed' }]);
    expect(listing(result.state)).toEqual({
      'C:\\WINNT': dir(),
      'C:\\WINNT\\A.DLL': file('v2', { readOnly: true }),
    });
  });

  it('B3: destination exists without ! — fails, both left', () => {
    const start = machine({ 'C:\\A': file('a'), 'C:\\B': file('b'), 'C:\\D': dir() });
    const result = referenceBoot(start, [entry('C:\\A', 'C:\\B'), entry('C:\\A', 'C:\\D')]);
    expect(result.outcomes).toEqual([
      { outcome: 'failed', error: 'ERROR_ALREADY_EXISTS' },
      { outcome: 'failed', error: 'ERROR_ALREADY_EXISTS' },
    ]);
    expect(listing(result.state)).toEqual(listing(start));
  });

  it('B4: destination exists with ! — replaced by the source', () => {
    const start = machine({ 'C:\\A': file('a'), 'C:\\B': file('b') });
    const result = referenceBoot(start, [entry('C:\\A', 'C:\\B', { replace: true })]);
    expect(result.outcomes).toEqual([{ outcome: 'replaced' }]);
    expect(listing(result.state)).toEqual({ 'C:\\B': file('a') });
  });

  it("B4: ReactOS '@' on a destination replaces like '!' (through the codec)", () => {
    const data = Buffer.from('\\??\\C:\\A\0@\\??\\C:\\B\0\0', 'utf16le');
    const start = machine({ 'C:\\A': file('a'), 'C:\\B': file('b') });
    const result = referenceBoot(start, decodePendingRenames(data).entries);
    expect(result.outcomes).toEqual([{ outcome: 'replaced' }]);
    expect(listing(result.state)).toEqual({ 'C:\\B': file('a') });
  });

  it('B5: read-only destination with ! — its attributes are cleared and it is replaced', () => {
    const start = machine({ 'C:\\A': file('a'), 'C:\\B': file('b', { readOnly: true }) });
    const result = referenceBoot(start, [entry('C:\\A', 'C:\\B', { replace: true })]);
    expect(result.outcomes).toEqual([{ outcome: 'replaced' }]);
    expect(listing(result.state)).toEqual({ 'C:\\B': file('a') });
  });

  it('B6: ! onto an existing directory — fails, both left', () => {
    const start = machine({ 'C:\\A': file('a'), 'C:\\D': dir(), 'C:\\D\\inner': file('i') });
    const result = referenceBoot(start, [entry('C:\\A', 'C:\\D', { replace: true })]);
    expect(result.outcomes).toEqual([{ outcome: 'failed', error: 'ERROR_ACCESS_DENIED' }]);
    expect(listing(result.state)).toEqual(listing(start));
  });

  it('B6: a directory with ! onto an existing file — fails (N8), both left', () => {
    const start = machine({ 'C:\\D': dir(), 'C:\\D\\inner': file('i'), 'C:\\F': file('f') });
    const result = referenceBoot(start, [entry('C:\\D', 'C:\\F', { replace: true })]);
    expect(result.outcomes).toEqual([{ outcome: 'failed', error: 'ERROR_ACCESS_DENIED' }]);
    expect(listing(result.state)).toEqual(listing(start));
  });

  it('B7: source missing — fails, entry dropped; a missing source folder is a missing path', () => {
    const start = machine({ 'C:\\B': file('b') });
    const result = referenceBoot(start, [
      entry('C:\\A', 'C:\\C'),
      entry('C:\\NO\\A', 'C:\\C'),
      entry('C:\\A', null),
    ]);
    expect(result.outcomes).toEqual([
      { outcome: 'failed', error: 'ERROR_FILE_NOT_FOUND' },
      { outcome: 'failed', error: 'ERROR_PATH_NOT_FOUND' },
      { outcome: 'failed', error: 'ERROR_FILE_NOT_FOUND' },
    ]);
    expect(listing(result.state)).toEqual(listing(start));
  });

  it("B8, N6: destination's parent folder missing fails (3); a file as that folder fails with 87; no folder is created", () => {
    const start = machine({ 'C:\\A': file('a'), 'C:\\F': file('f') });
    const result = referenceBoot(start, [
      entry('C:\\A', 'C:\\NEW\\A'),
      entry('C:\\A', 'C:\\F\\A'),
      entry('C:\\A', 'C:\\F\\X\\A'),
    ]);
    expect(result.outcomes).toEqual([
      { outcome: 'failed', error: 'ERROR_PATH_NOT_FOUND' },
      { outcome: 'failed', error: 'ERROR_INVALID_PARAMETER' },
      { outcome: 'failed', error: 'ERROR_PATH_NOT_FOUND' },
    ]);
    expect(listing(result.state)).toEqual(listing(start));
  });

  it('B9: delete a file — deleted', () => {
    const start = machine({ 'C:\\D': dir(), 'C:\\D\\A': file('a'), 'C:\\D\\B': file('b') });
    const result = referenceBoot(start, [entry('C:\\D\\A', null)]);
    expect(result.outcomes).toEqual([{ outcome: 'deleted' }]);
    expect(listing(result.state)).toEqual({ 'C:\\D': dir(), 'C:\\D\\B': file('b') });
  });

  it('B10: delete a read-only file — fails, file stays', () => {
    const start = machine({ 'C:\\A': file('a', { readOnly: true }) });
    const result = referenceBoot(start, [entry('C:\\A', null)]);
    expect(result.outcomes).toEqual([{ outcome: 'failed', error: 'ERROR_ACCESS_DENIED' }]);
    expect(listing(result.state)).toEqual(listing(start));
  });

  it('B11: delete an empty directory — removed', () => {
    const start = machine({ 'C:\\D': dir(), 'C:\\DD': dir(), 'C:\\DD\\X': file('x') });
    const result = referenceBoot(start, [entry('C:\\D', null)]);
    expect(result.outcomes).toEqual([{ outcome: 'deleted' }]);
    expect(listing(result.state)).toEqual({ 'C:\\DD': dir(), 'C:\\DD\\X': file('x') });
  });

  it('B12: delete a non-empty directory — fails, nothing inside touched; queue the files first', () => {
    const start = machine({ 'C:\\D': dir(), 'C:\\D\\S': dir(), 'C:\\D\\S\\X': file('x') });
    const refused = referenceBoot(start, [entry('C:\\D', null)]);
    expect(refused.outcomes).toEqual([{ outcome: 'failed', error: 'ERROR_DIR_NOT_EMPTY' }]);
    expect(listing(refused.state)).toEqual(listing(start));

    const ordered = referenceBoot(start, [
      entry('C:\\D\\S\\X', null),
      entry('C:\\D\\S', null),
      entry('C:\\D', null),
    ]);
    expect(ordered.outcomes.map((o) => o.outcome)).toEqual(['deleted', 'deleted', 'deleted']);
    expect(ordered.state.nodes.size).toBe(0);
  });

  it('B13: rename a directory — the subtree moves with it; not into itself', () => {
    const start = machine({
      'C:\\OLD': dir(),
      'C:\\OLD\\SUB': dir({ readOnly: true }),
      'C:\\OLD\\SUB\\F': file('f'),
      'C:\\OLDER': file('not inside'),
    });
    const result = referenceBoot(start, [entry('C:\\OLD', 'C:\\NEW')]);
    expect(result.outcomes).toEqual([{ outcome: 'renamed' }]);
    expect(listing(result.state)).toEqual({
      'C:\\NEW': dir(),
      'C:\\NEW\\SUB': dir({ readOnly: true }),
      'C:\\NEW\\SUB\\F': file('f'),
      'C:\\OLDER': file('not inside'),
    });

    const intoItself = referenceBoot(start, [entry('C:\\OLD', 'C:\\OLD\\SUB\\OLD')]);
    expect(intoItself.outcomes).toEqual([{ outcome: 'failed', error: 'ERROR_SHARING_VIOLATION' }]);
    expect(listing(intoItself.state)).toEqual(listing(start));
  });

  it('B14: cross-volume rename — fails, nothing copied', () => {
    const start = machine({ 'C:\\A': file('a'), 'D:\\T': dir() });
    const result = referenceBoot(start, [
      entry('C:\\A', 'D:\\T\\A'),
      entry('C:\\A', 'D:\\A', { replace: true }),
    ]);
    expect(result.outcomes).toEqual([
      { outcome: 'failed', error: 'ERROR_NOT_SAME_DEVICE' },
      { outcome: 'failed', error: 'ERROR_NOT_SAME_DEVICE' },
    ]);
    expect(listing(result.state)).toEqual(listing(start));
  });

  it('B16: every entry is consumed once; a failed entry is not retried when a later one would let it work', () => {
    const start = machine({ 'C:\\A': file('a'), 'C:\\OLD': dir() });
    const result = referenceBoot(start, [entry('C:\\A', 'C:\\NEW\\A'), entry('C:\\OLD', 'C:\\NEW')]);
    expect(result.outcomes).toEqual([
      { outcome: 'failed', error: 'ERROR_PATH_NOT_FOUND' },
      { outcome: 'renamed' },
    ]);
    expect(listing(result.state)).toEqual({ 'C:\\A': file('a'), 'C:\\NEW': dir() });
  });

  it('B17: paths without \\??\\ fail to open (and UNC paths: no network at boot)', () => {
    const start = machine({ 'C:\\A': file('a'), 'C:\\B': file('b') });
    const result = referenceBoot(start, [
      entry('C:\\A', '\\??\\C:\\X', { raw: true }),
      entry('\\??\\C:\\A', 'C:\\X', { raw: true }),
      entry('C:\\B', null, { raw: true }),
      entry('\\??\\UNC\\server\\share\\B', null, { raw: true }),
      entry('\\??\\C:\\A\\\\B', null, { raw: true }),
    ]);
    expect(result.outcomes).toEqual([
      { outcome: 'failed', error: 'ERROR_PATH_NOT_FOUND' },
      { outcome: 'failed', error: 'ERROR_PATH_NOT_FOUND' },
      { outcome: 'failed', error: 'ERROR_PATH_NOT_FOUND' },
      { outcome: 'failed', error: 'ERROR_PATH_NOT_FOUND' },
      { outcome: 'failed', error: 'ERROR_INVALID_NAME' },
    ]);
    expect(listing(result.state)).toEqual(listing(start));
  });

  it('B18: a protected target is replaced only with AllowProtectedRenames, which the boot then clears', () => {
    const nodes = { 'C:\\NEW': file('new'), 'C:\\SFC.DLL': file('old', { protected: true }) };
    const replace = [entry('C:\\NEW', 'C:\\SFC.DLL', { replace: true })];

    const refused = referenceBoot(machine(nodes, false), replace);
    expect(refused.outcomes).toEqual([{ outcome: 'failed', error: 'ERROR_ACCESS_DENIED' }]);
    expect(listing(refused.state)).toEqual(nodes);
    expect(refused.state.allowProtectedRenames).toBe(false);

    const allowed = referenceBoot(machine(nodes, true), replace);
    expect(allowed.outcomes).toEqual([{ outcome: 'replaced' }]);
    expect(listing(allowed.state)).toEqual({ 'C:\\SFC.DLL': file('new') });
    expect(allowed.state.allowProtectedRenames).toBe(false);
  });

  it('B19: no file is in use at boot: the typical in-use system file is replaced', () => {
    const start = machine({
      'C:\\WINNT': dir(),
      'C:\\WINNT\\SYSTEM32': dir(),
      'C:\\WINNT\\SYSTEM32\\SPOOLSV.EXE': file('sp3', { readOnly: true }),
      'C:\\WINNT\\SYSTEM32\\SPOOLSV.EXE.NEW': file('sp4'),
    });
    const result = referenceBoot(start, [
      entry('C:\\WINNT\\system32\\spoolsv.exe.new', 'C:\\WINNT\\system32\\spoolsv.exe', { replace: true }),
    ]);
    expect(result.outcomes).toEqual([{ outcome: 'replaced' }]);
    expect(result.state.nodes.get('C:\\WINNT\\SYSTEM32\\SPOOLSV.EXE')?.content).toBe('sp4');
  });

  it('is pure: the input state and its nodes are left unchanged and not shared', () => {
    const start = machine({ 'C:\\A': file('a'), 'C:\\B': file('b') }, true);
    const before = structuredClone(listing(start));
    const result = referenceBoot(start, [entry('C:\\A', 'C:\\B', { replace: true })]);
    expect(listing(start)).toEqual(before);
    expect(start.allowProtectedRenames).toBe(true);
    result.state.nodes.get('C:\\B')!.content = 'changed';
    expect(start.nodes.get('C:\\A')!.content).toBe('a');
  });

  it('renaming onto itself succeeds and changes nothing', () => {
    const start = machine({ 'C:\\A': file('a') });
    const result = referenceBoot(start, [entry('C:\\A', 'c:\\a')]);
    expect(result.outcomes).toEqual([{ outcome: 'renamed' }]);
    expect(listing(result.state)).toEqual(listing(start));
  });
});

describe('modelKey', () => {
  it('B17: folds NT drive paths, refuses the rest', () => {
    expect(modelKey('\\??\\c:\\Winnt\\x.dll')).toEqual({ key: 'C:\\WINNT\\X.DLL' });
    expect(modelKey('\\??\\C:\\')).toEqual({ key: 'C:' });
    expect(modelKey('\\??\\C:\\dir\\')).toEqual({ key: 'C:\\DIR' });
    expect(modelKey('C:\\x')).toEqual({ error: 'ERROR_PATH_NOT_FOUND' });
    expect(modelKey('\\??\\UNC\\srv\\share\\x')).toEqual({ error: 'ERROR_PATH_NOT_FOUND' });
    expect(modelKey('\\??\\C:\\a\\..\\b')).toEqual({ error: 'ERROR_INVALID_NAME' });
  });
});
