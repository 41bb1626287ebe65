/** Writing a manifest by hand: a skeleton from the payload, and the JSON Schema from the validating schema. */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { fileHashes } from '../../src/package/index.js';
import { removeScratch, scratch, svcpack } from './spawn.js';

// each test spawns the built CLI a few times: slow when the machine is shared
vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

let dir: string;
let payload: string;

beforeAll(() => {
  dir = scratch('manifest');
  payload = join(dir, 'payload');
  mkdirSync(join(payload, 'i386'), { recursive: true });
  writeFileSync(join(payload, 'i386', 'foo.dll'), 'foo version 2');
  writeFileSync(join(payload, 'i386', 'bar.sys'), Buffer.alloc(5000, 7));
});

afterAll(removeScratch);

describe('svcpack package init', () => {
  it('writes a skeleton with every size and hash filled in, which builds and verifies as it is', async () => {
    const manifest = join(dir, 'manifest.json');
    const init = await svcpack(['package', 'init', payload, '-o', manifest, '--id', 'Q123456']);
    expect(init.code, init.stderr).toBe(0);
    const written = JSON.parse(readFileSync(manifest, 'utf8'));
    expect(written).toMatchObject({ schema: 1, id: 'Q123456', kind: 'hotfix' });
    const foo = written.files.find((f: { source: string }) => f.source === 'i386/foo.dll');
    expect(foo).toEqual({
      source: 'i386/foo.dll',
      target: '%SystemRoot%\\system32\\foo.dll',
      ...(await fileHashes(Buffer.from('foo version 2'))),
    });
    const built = join(dir, 'Q123456.svcpkg');
    expect((await svcpack(['package', 'build', manifest, payload, '-o', built])).code).toBe(0);
    expect((await svcpack(['package', 'verify', built])).code).toBe(0);
    const again = await svcpack(['package', 'init', payload, '-o', manifest]);
    expect(again.code).toBe(2);
    expect(again.stderr).toContain('use --force');
  });
});

describe('svcpack package schema', () => {
  it("prints the manifest's JSON Schema, generated from the zod schema", async () => {
    const run = await svcpack(['package', 'schema']);
    expect(run.code).toBe(0);
    const schema = JSON.parse(run.stdout);
    expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
    expect(schema.required).toEqual(
      expect.arrayContaining(['schema', 'id', 'title', 'product', 'kind', 'editions', 'language', 'files']),
    );
    expect(schema.required).not.toContain('registry');
    const file = schema.properties.files.items;
    expect(file.properties.sha256.pattern).toBe('^[0-9a-f]{64}$');
    expect(file.properties.xxh64.pattern).toBe('^[0-9a-f]{16}$');
    expect(file.additionalProperties).toBe(false);
    expect(schema.properties.kind.enum).toEqual(['servicePack', 'hotfix']);
  });
});
