import { beforeAll, describe, expect, it } from 'vitest';
import { generateServicePack } from '../../fixtures/index.js';
import type { Package } from '../../src/package/index.js';
import { installedServicePack } from '../../src/servicing/index.js';
import { clusterStatus, rollingUpgrade } from '../../src/scenarios/index.js';
import { nt4Node, twoNodeCluster } from './helpers.js';

let sp4: Package;
beforeAll(() => {
  sp4 = generateServicePack(nt4Node(1), { level: 4, files: 12, seed: 3 });
});

const steps = (trace: { step: number; action: string; node?: string }[]) =>
  trace.map((e) => `${e.step}:${e.action}${e.node ? `:${e.node}` : ''}`);

describe('rolling upgrade (Q174799)', () => {
  it('runs the eight steps in order and keeps every group online after every step', async () => {
    const { cluster, a, b } = twoNodeCluster();
    const report = await rollingUpgrade(cluster, sp4, { install: { switches: '-u' } });
    expect(report.ok).toBe(true);
    expect(report.completed).toBe(true);
    const order = steps(report.trace);
    expect(order.slice(0, 4)).toEqual(['1:check-log:A', '1:check-log:B', '1:backup:A', '1:backup:B']);
    const firstB = order.findIndex((s) => s.endsWith(':B') && s.startsWith('6:'));
    const lastA = order.lastIndexOf('5:resume:A');
    expect(lastA).toBeGreaterThan(0);
    expect(firstB).toBeGreaterThan(lastA);
    expect(order).toContain('2:pause:A');
    expect(order).toContain('3:install:A');
    expect(order).toContain('4:check-log:A');
    expect(order).toContain('7:install:B');
    expect(order).toContain('7:check-log:B');
    expect(order).toContain('7:resume:B');
    expect(order.at(-1)).toBe('8:verify');
    // step numbers never go backwards
    const numbers = report.trace.map((e) => e.step);
    expect(numbers).toEqual([...numbers].sort((x, y) => x - y));
    for (const entry of report.trace) {
      expect(entry.invariant, `${entry.step} ${entry.action} ${entry.message}`).toBe(true);
      expect(entry.status.offline).toEqual([]);
    }
    // while A was down, its groups ran on B
    const downA = report.trace.find((e) => e.action === 'restart' && e.status.nodes.A === 'down');
    expect(downA?.status.groups.filter((g) => g.owner === 'A')).toEqual([]);
    const downB = report.trace.find((e) => e.action === 'restart' && e.status.nodes.B === 'down');
    expect(downB?.status.groups.every((g) => g.owner === 'A')).toBe(true);
    // step 8: every group back on its preferred owner, both nodes online
    expect(clusterStatus(cluster).groups.map((g) => `${g.name}@${g.owner}`)).toEqual([
      'SQL@A',
      'Files@A',
      'Print@B',
    ]);
    expect(clusterStatus(cluster).nodes).toEqual({ A: 'online', B: 'online' });
    expect(installedServicePack(a)).toBe(4);
    expect(installedServicePack(b)).toBe(4);
    expect(report.levels.A).toEqual(report.levels.B);
    expect(report.backups.get('A') && installedServicePack(report.backups.get('A')!)).toBe(3);
  });

  it('an error in a System log at step 1 stops the procedure before any change', async () => {
    const { cluster, a, b } = twoNodeCluster();
    b.logEvent('Disk', 11, 'error', 'The driver detected a controller error on \\Device\\Harddisk0.');
    const report = await rollingUpgrade(cluster, sp4);
    expect(report.ok).toBe(false);
    expect(report.stoppedAt).toMatchObject({ step: 1, action: 'check-log', node: 'B' });
    expect(report.stoppedAt?.reason).toMatch(/event 11 \(Disk\)/);
    expect(installedServicePack(a)).toBe(3);
    expect(clusterStatus(cluster).nodes).toEqual({ A: 'online', B: 'online' });
  });

  it("an error in A's log after its restart stops it before anything is installed on B", async () => {
    const { cluster, a, b } = twoNodeCluster();
    const report = await rollingUpgrade(cluster, sp4, {
      onStep: (entry) => {
        if (entry.action === 'restart' && entry.node === 'A' && entry.status.nodes.A !== 'down') {
          a.logEvent('Service Control Manager', 7000, 'error', 'The ClusSvc service failed to start.');
        }
      },
    });
    expect(report.completed).toBe(false);
    expect(report.stoppedAt).toMatchObject({ step: 4, action: 'check-log', node: 'A' });
    expect(report.stoppedAt?.reason).toMatch(/7000/);
    expect(installedServicePack(a)).toBe(4);
    expect(installedServicePack(b)).toBe(3);
    expect(report.installs.B).toBeUndefined();
    expect(report.trace.some((e) => e.node === 'B' && e.step >= 6)).toBe(false);
    expect(report.invariantHeld).toBe(true);
    // A stays paused for troubleshooting, its groups online on B
    expect(clusterStatus(cluster).nodes.A).toBe('paused');
    expect(clusterStatus(cluster).offline).toEqual([]);
  });

  it('a refused install on B leaves every group online and says where it stopped', async () => {
    const { cluster, a, b } = twoNodeCluster();
    b.session.session = 2; // the administrator works on B from a Terminal Server client session
    const report = await rollingUpgrade(cluster, sp4);
    expect(report.completed).toBe(false);
    expect(report.stoppedAt).toMatchObject({ step: 7, action: 'install', node: 'B' });
    expect(report.stoppedAt?.reason).toMatch(/1640/);
    expect(report.installs.B?.code).toBe(1640);
    expect(installedServicePack(a)).toBe(4);
    expect(installedServicePack(b)).toBe(3);
    const status = clusterStatus(cluster);
    expect(status.offline).toEqual([]);
    expect(status.groups.every((g) => g.owner === 'A')).toBe(true);
    expect(status.nodes).toEqual({ A: 'online', B: 'paused' });
    expect(report.invariantHeld).toBe(true);
    expect(report.trace.at(-1)).toMatchObject({ step: 7, action: 'install', ok: false });
  });

  it("a power cut during B's install leaves B down and every group online on A", async () => {
    const { cluster, b } = twoNodeCluster();
    const report = await rollingUpgrade(cluster, sp4, {
      install: (node) => (node === 'B' ? { switches: '-u', powerCutAfter: 5 } : { switches: '-u' }),
    });
    expect(report.stoppedAt).toMatchObject({ step: 7, action: 'install', node: 'B' });
    expect(report.stoppedAt?.reason).toMatch(/lost power/);
    expect(b.poweredOff).toBe(true);
    const status = clusterStatus(cluster);
    expect(status.nodes.B).toBe('down');
    expect(status.offline).toEqual([]);
    expect(status.groups.every((g) => g.owner === 'A')).toBe(true);
    expect(report.invariantHeld).toBe(true);
  });

  it('reports nodes that end with different service packs (only A was upgraded)', async () => {
    const { cluster } = twoNodeCluster();
    const report = await rollingUpgrade(cluster, sp4, { order: ['A'] });
    expect(report.completed).toBe(true);
    expect(report.ok).toBe(false);
    expect(report.levels.A?.servicePack).toBe(4);
    expect(report.levels.B?.servicePack).toBe(3);
    expect(report.mismatch).toMatch(/A SP4.*B SP3/);
    expect(report.trace.at(-1)).toMatchObject({ step: 8, action: 'verify', ok: false });
  });
});
