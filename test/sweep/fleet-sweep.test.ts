/** Fleet sweeps on local threads: what each machine did (bad specs: fleet-spec-refusals.test.ts). */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import {
  LocalExecutor,
  parseFleetSpec,
  planFleetSweep,
  readResults,
  runSweep,
} from '../../src/sweep/index.js';
import { SMALL_FLEET } from './fleet-spec.js';

// sweeps run hundreds of installs and boots; on a loaded shared machine a test takes minutes
vi.setConfig({ testTimeout: 300_000, hookTimeout: 300_000 });

const dir = mkdtempSync(join(tmpdir(), 'svcpack-fleet-test-'));

describe('fleet sweeps on local threads', () => {
  it('every machine is recorded with its codes, renames, restarts and peak space; a nearly full drive fails as disk-full', async () => {
    const plan = planFleetSweep(parseFleetSpec(SMALL_FLEET), () => new Uint8Array());
    const executor = new LocalExecutor({ threads: 2 });
    const results = join(dir, 'fleet.jsonl');
    try {
      await runSweep(plan, { results, executor });
    } finally {
      await executor.close();
    }
    const machines = readResults(results).lines.flatMap((l) => (l.type === 'machine' ? [l] : []));
    expect(machines.map((m) => m.index).sort()).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    for (const m of machines) {
      if (m.machine.freeSpace !== undefined) {
        expect(m.outcome, JSON.stringify(m)).toBe('disk-full');
        expect(m.codes).toEqual([1603]);
        continue;
      }
      expect(m.outcome, JSON.stringify(m.failures)).toBe('ok');
      // held files are written under temporary names and renamed at the boot: 3010; the uninstall restarts (1641)
      expect(m.codes).toEqual([m.machine.heldFiles > 0 ? 3010 : 0, 1641]);
      expect(m.renamesQueued).toBe(m.machine.heldFiles);
      expect(m.restarts).toBe(3);
      expect(m.peakBytes).toBeGreaterThan(0);
    }
  });
});
