/**
 * Disk-space costing per volume, in whole clusters, crediting the files that are overwritten.
 * Pure: it sees the volumes and a list of space items.
 */
import type { Costing, VolumeCost } from './types.js';

/** A volume as costing sees it. */
export interface CostVolume {
  letter: string;
  free: number;
  clusterSize: number;
}

/**
 * One use of space. `working`: extracted package; `backup`: an original copied to the uninstall folder;
 * `file`: a file written in place (replacing `oldSize` bytes); `inUse`: a file in use, whose old and new
 * copies both exist until the reboot.
 */
export interface SpaceItem {
  letter: string;
  kind: 'working' | 'backup' | 'file' | 'inUse';
  newSize: number;
  oldSize: number;
  /**
   * For `file` items summed by {@link SpaceTally}: the growth of the files that grow, in clusters
   * (a file that shrinks frees its clusters only when it is written, maybe after the others).
   */
  growth?: number;
}

/**
 * Space items summed per volume and kind. Each size is rounded up to its volume's clusters as it is
 * added, so the sums cost exactly what the items one by one would (`costVolumes` rounds again, and
 * a whole number of clusters stays as it is), with a handful of items instead of one per file.
 */
export class SpaceTally {
  private readonly sums: SpaceItem[] = [];
  private readonly byVolume = new Map<string, Partial<Record<SpaceItem['kind'], SpaceItem>>>();

  constructor(private readonly clusterSizes: ReadonlyMap<string, number>) {}

  /** Adds one use of space; a letter with no volume is ignored, as `costVolumes` ignores it. */
  add(letter: string, kind: SpaceItem['kind'], newSize: number, oldSize: number): void {
    const clusterSize = this.clusterSizes.get(letter);
    if (clusterSize === undefined) return;
    let kinds = this.byVolume.get(letter);
    if (!kinds) this.byVolume.set(letter, (kinds = {}));
    let sum = kinds[kind];
    if (!sum) this.sums.push((sum = kinds[kind] = { letter, kind, newSize: 0, oldSize: 0 }));
    const newClusters = Math.ceil(newSize / clusterSize) * clusterSize;
    const oldClusters = Math.ceil(oldSize / clusterSize) * clusterSize;
    sum.newSize += newClusters;
    sum.oldSize += oldClusters;
    if (kind === 'file') sum.growth = (sum.growth ?? 0) + Math.max(0, newClusters - oldClusters);
  }

  /**
   * Adds new files of these sizes (no old ones) in one step, as many calls of {@link add} would:
   * the working folder's thousands of members.
   */
  addNew(letter: string, kind: SpaceItem['kind'], sizes: readonly { length: number }[]): void {
    const clusterSize = this.clusterSizes.get(letter);
    if (clusterSize === undefined || sizes.length === 0) return;
    let total = 0;
    for (let i = 0; i < sizes.length; i++) total += Math.ceil(sizes[i].length / clusterSize) * clusterSize;
    // a whole number of clusters: `add` keeps it as it is
    this.add(letter, kind, total, 0);
  }

  /** The sums, one item per volume and kind used. */
  items(): SpaceItem[] {
    return this.sums;
  }
}

/**
 * Costs every volume: `steady` is what stays after the restart (files + backup), `peak` what the
 * install needs at once, an upper bound whatever the order of the writes (working + backup + the
 * growth of the files written in place + both copies of in-use files, as
 * the Q290728 example counts 300 KB + 400 KB = 700 KB for an in-use ntoskrnl.exe). A volume is short
 * when its peak exceeds its free space.
 */
export function costVolumes(
  volumes: readonly CostVolume[],
  items: readonly SpaceItem[],
  workingVolume: string,
): Costing {
  const costs = new Map<string, VolumeCost & { clusterSize: number; inPlace: number }>();
  for (const volume of volumes) {
    costs.set(volume.letter, {
      letter: volume.letter,
      free: volume.free,
      working: 0,
      backup: 0,
      transient: 0,
      files: 0,
      steady: 0,
      peak: 0,
      short: false,
      clusterSize: volume.clusterSize,
      inPlace: 0,
    });
  }
  for (const item of items) {
    const cost = costs.get(item.letter);
    if (!cost) continue;
    const clusters = (size: number): number => Math.ceil(size / cost.clusterSize) * cost.clusterSize;
    switch (item.kind) {
      case 'working':
        cost.working += clusters(item.newSize);
        break;
      case 'backup':
        cost.backup += clusters(item.oldSize);
        break;
      case 'file':
        cost.files += clusters(item.newSize) - clusters(item.oldSize);
        cost.inPlace += item.growth ?? Math.max(0, clusters(item.newSize) - clusters(item.oldSize));
        break;
      case 'inUse':
        cost.files += clusters(item.newSize) - clusters(item.oldSize);
        cost.transient += clusters(item.newSize) + clusters(item.oldSize);
        break;
    }
  }
  const result: VolumeCost[] = [];
  for (const cost of costs.values()) {
    const { clusterSize: _clusterSize, inPlace, ...visible } = cost;
    visible.steady = visible.files + visible.backup;
    visible.peak = Math.max(
      0,
      visible.working + visible.backup + inPlace + visible.transient,
      visible.steady,
    );
    visible.short = visible.peak > visible.free;
    result.push(visible);
  }
  return { volumes: result, workingVolume };
}

/** A refusal message listing each short volume's need and free space. */
export function shortageMessage(costing: Costing): string | undefined {
  const short = costing.volumes.filter((volume) => volume.short);
  if (short.length === 0) return undefined;
  const kib = (bytes: number): string => `${Math.ceil(bytes / 1024).toLocaleString('en-US')} KB`;
  const lines = costing.volumes
    .filter((volume) => volume.peak > 0 || volume.short)
    .map(
      (volume) =>
        `${volume.letter}: needs ${kib(volume.peak)} (working ${kib(volume.working)}, backup ${kib(volume.backup)}, ` +
        `files ${kib(volume.files)}, transient ${kib(volume.transient)}), free ${kib(volume.free)}${volume.short ? ' - SHORT' : ''}`,
    );
  return `not enough disk space on ${short.map((volume) => `${volume.letter}:`).join(', ')}\n  ${lines.join('\n  ')}`;
}
