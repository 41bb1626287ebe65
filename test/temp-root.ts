/**
 * The test run's own temporary folder (vitest globalSetup): every test file's `os.tmpdir()`, and
 * every command they spawn, writes under one folder made for the run, removed when the run ends.
 * Tests that forgot their folders left half a gigabyte per run in the system's /tmp (the command
 * line tests' generated images); now nothing of a run outlives it, passed or failed.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'svcpack-test-run-'));
  // the test workers are forked after this and inherit it; os.tmpdir() reads TMPDIR on each call
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true });
  };
}
