import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { SpaceTally, costVolumes, plan } from '../../src/servicing/index.js';
import { buildPackage, serverImage } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

const KB = 1024;

describe('costing', () => {
  test('Q290728: a 300 KB in-use Ntoskrnl.exe replaced by a 400 KB one needs 700 KB until restart', () => {
    const costing = costVolumes(
      [{ letter: 'C', free: 10 << 20, clusterSize: 4096 }],
      [{ letter: 'C', kind: 'inUse', oldSize: 300 * KB, newSize: 400 * KB }],
      '',
    );
    const c = costing.volumes[0];
    expect(c.transient).toBe(700 * KB);
    expect(c.peak).toBe(700 * KB);
    expect(c.files).toBe(100 * KB);
    expect(c.steady).toBe(100 * KB);
    expect(c.short).toBe(false);
  });

  test('whole clusters, overwritten files credited, backup and working space counted', () => {
    const costing = costVolumes(
      [
        { letter: 'C', free: 1 << 20, clusterSize: 4096 },
        { letter: 'D', free: 8192, clusterSize: 4096 },
      ],
      [
        { letter: 'C', kind: 'file', oldSize: 5000, newSize: 9000 },
        { letter: 'C', kind: 'backup', oldSize: 5000, newSize: 0 },
        { letter: 'D', kind: 'working', oldSize: 0, newSize: 8193 },
      ],
      'D',
    );
    const [c, d] = costing.volumes;
    expect(c.files).toBe(12288 - 8192);
    expect(c.backup).toBe(8192);
    expect(c.steady).toBe(4096 + 8192);
    expect(d.working).toBe(12288);
    expect(d.short).toBe(true);
    expect(costing.workingVolume).toBe('D');
  });

  test('the in-use ntoskrnl.exe of the default server is costed with both copies', async () => {
    const image = serverImage();
    const old = image.stat('C:\\WINNT\\system32\\ntoskrnl.exe').allocated;
    const pkg = buildPackage([
      {
        target: '%SystemRoot%\\system32\\ntoskrnl.exe',
        data: new Uint8Array(400 * KB),
        version: '5.0.2195.6717',
      },
    ]);
    const p = await plan(coreOf(image), pkg, { method: 'share', noBackup: true });
    const c = p.costing.volumes.find((v) => v.letter === 'C')!;
    expect(p.files[0].action).toBe('inUse');
    expect(c.transient).toBe(old + 400 * KB);
    expect(p.costing.workingVolume).toBe('');
    expect(c.working).toBe(0);
    expect(c.backup).toBe(0);
  });

  test('the working folder goes to the volume with the most free space', async () => {
    const image = serverImage();
    const pkg = buildPackage([
      {
        target: '%SystemRoot%\\system32\\newfile.dll',
        data: new Uint8Array(10 * KB),
        version: '5.0.2195.6717',
      },
    ]);
    const p = await plan(coreOf(image), pkg);
    const most = [...image.volumes()].sort((a, b) => b.free - a.free)[0].letter;
    expect(p.costing.workingVolume).toBe(most);
    expect(p.costing.volumes.find((v) => v.letter === most)!.working).toBeGreaterThanOrEqual(12 * KB);
  });

  test('summing items per volume and kind (SpaceTally) costs exactly what the items one by one do', () => {
    const volumes = [
      { letter: 'C', free: 50 << 20, clusterSize: 4096 },
      { letter: 'D', free: 1 << 20, clusterSize: 512 },
      { letter: 'E', free: 0, clusterSize: 65536 },
    ];
    const item = fc.record({
      letter: fc.constantFrom('C', 'D', 'E', 'X'),
      kind: fc.constantFrom('working' as const, 'backup' as const, 'file' as const, 'inUse' as const),
      newSize: fc.nat(300_000),
      oldSize: fc.nat(300_000),
    });
    fc.assert(
      fc.property(fc.array(item, { maxLength: 60 }), fc.constantFrom('C', 'D', ''), (items, working) => {
        const tally = new SpaceTally(new Map(volumes.map((v) => [v.letter, v.clusterSize])));
        for (const i of items) tally.add(i.letter, i.kind, i.newSize, i.oldSize);
        expect(tally.items().length).toBeLessThanOrEqual(12);
        expect(costVolumes(volumes, tally.items(), working)).toEqual(costVolumes(volumes, items, working));
      }),
      { numRuns: 500 },
    );
  });
});
