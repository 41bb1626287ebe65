import { chmodSync, readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { CLI } from './spawn.js';

describe('the svcpack command run through its #! line', () => {
  it('starts with the huge-page tunable and runs (a #! line env cannot split would fail here)', () => {
    expect(readFileSync(CLI, 'utf8').split('\n')[0]).toBe(
      '#!/usr/bin/env -S GLIBC_TUNABLES=glibc.malloc.hugetlb=1 node',
    );
    chmodSync(CLI, 0o755);
    const run = spawnSync(CLI, ['--version'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout.trim()).toBe('0.1.0');
    expect(run.status).toBe(0);
  });
});
