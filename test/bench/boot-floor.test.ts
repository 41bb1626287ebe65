/** The boot benchmark's `Map` floor does the engine's work: the same files result from the same queue. */
import { describe, expect, it } from 'vitest';
import { PENDING_RENAME_VALUES, SESSION_MANAGER_KEY, encodePendingRenames } from '../../src/boot/index.js';
import { WinImage } from '../../src/machine/index.js';
import { setRegistryRawValue } from '../../src/ops/index.js';
import { floorBoot, floorFiles } from '../../bench/boot-floor.js';
import { floorNodesOf, imageWithSpreadQueue } from '../../bench/queue.js';
import { coreOf } from '../../src/machine/internal.js';

const fileSet = (nodes: Iterable<{ path: string; isDir: boolean }>): string[] =>
  [...nodes]
    .filter((n) => !n.isDir)
    .map((n) => n.path.toUpperCase())
    .sort();

describe('the Map floor of the boot benchmark', () => {
  it("ends with the engine's file set and outcome counts on a queue with every kind of outcome", () => {
    const image = WinImage.create();
    const dir = 'C:\\WINNT\\system32\\floor';
    image.mkdir(dir);
    for (const name of ['a.new', 'b.new', 'b.dll', 'c.new', 'c.dll', 'd.old', 'ro.old', 'e.new'])
      image.writeFile(`${dir}\\${name}`, name);
    image.setAttributes(`${dir}\\ro.old`, ['readonly']);
    const nt = (name: string): string => `\\??\\${dir}\\${name}`;
    const queue = encodePendingRenames([
      { source: nt('a.new'), destination: '\\??\\C:\\WINNT\\A.DLL', replaceExisting: false }, // renamed, other folder
      { source: nt('b.new'), destination: nt('B.DLL'), replaceExisting: true }, // replaced
      { source: nt('c.new'), destination: nt('c.dll'), replaceExisting: false }, // exists: failed
      { source: nt('d.old'), destination: null, replaceExisting: false }, // deleted
      { source: nt('ro.old'), destination: null, replaceExisting: false }, // read-only: failed
      { source: nt('missing'), destination: nt('x'), replaceExisting: false }, // no source: failed
      { source: nt('e.new'), destination: `\\??\\${dir}\\nofolder\\e.dll`, replaceExisting: false }, // failed
      { source: nt('e.new'), destination: '\\??\\D:\\e.dll', replaceExisting: false }, // other volume: failed
      { source: nt('c.dll'), destination: nt('c2.dll'), replaceExisting: false }, // renamed
    ]);
    setRegistryRawValue(coreOf(image), SESSION_MANAGER_KEY, PENDING_RENAME_VALUES[1], 7, queue);
    const files = floorFiles(floorNodesOf(image));
    const counts = floorBoot(files, queue);
    const report = image.reboot({ mode: 'windows' });
    expect(counts).toEqual(report.counts);
    expect(counts).toEqual({ renamed: 2, replaced: 1, deleted: 1, failed: 5 });
    expect(fileSet(files.values())).toEqual(fileSet(floorNodesOf(image)));
  });

  it("ends with the engine's file set on the benchmark's own spread queue", () => {
    const { image, queue } = imageWithSpreadQueue(300);
    const files = floorFiles(floorNodesOf(image));
    expect(floorBoot(files, queue)).toEqual({ renamed: 100, replaced: 100, deleted: 100, failed: 0 });
    image.reboot({ mode: 'windows' });
    expect(fileSet(files.values())).toEqual(fileSet(floorNodesOf(image)));
  });
});
