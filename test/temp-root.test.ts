import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { basename, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

describe("the test run's temporary folder (test/temp-root.ts)", () => {
  it('os.tmpdir() of a test file is a folder made for this run, not the system one', () => {
    expect(basename(tmpdir())).toMatch(/^svcpack-test-run-/);
    expect(dirname(tmpdir())).not.toBe(tmpdir());
  });

  it('a command a test spawns writes its temporary files there too', () => {
    const childTmp = execFileSync(process.execPath, ['-e', 'process.stdout.write(require("os").tmpdir())'], {
      encoding: 'utf8',
    });
    expect(childTmp).toBe(tmpdir());
  });
});
