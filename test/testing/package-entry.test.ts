import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..', '..');

describe("the package's svcpack/testing entry (from dist: run npm run build first)", () => {
  it('resolves through package.json exports and runs a harness', () => {
    const script = [
      "import { imageHarness } from 'svcpack/testing';",
      'const harness = imageHarness({ create: { files: 1600, seed: 2 } });',
      'await harness.setup();',
      'const fs = harness.fs("C");',
      'fs.writeFileSync("C:/probe.txt", "ok");',
      'console.log(JSON.stringify([fs.readFileSync("c:\\\\PROBE.TXT", "utf8"), fs.statSync("/WINNT").isDirectory()]));',
      'harness.teardown();',
    ].join('\n');
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      encoding: 'utf8',
    });
    expect(JSON.parse(out)).toEqual(['ok', true]);
  });
});
