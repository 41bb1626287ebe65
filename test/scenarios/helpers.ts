/** Shared fixtures of the scenario tests: small cluster nodes and packages that fit them. */
import { WinImage } from '../../src/machine/index.js';
import type { ImageCore } from '../../src/image/index.js';
import { createCluster, type Cluster } from '../../src/scenarios/index.js';
import { coreOf } from '../../src/machine/internal.js';

/** An NT 4.0 Enterprise Edition node at SP3 (the level its setup must end with). */
export function nt4Node(seed = 1): ImageCore {
  return coreOf(WinImage.create({ preset: 'nt4-enterprise', servicePack: 3, seed }));
}

/** Two NT 4.0 EE nodes A and B; groups SQL and Files prefer A, Print prefers B. */
export function twoNodeCluster(): { cluster: Cluster; a: ImageCore; b: ImageCore } {
  const a = nt4Node(1);
  const b = nt4Node(1);
  const cluster = createCluster({
    nodes: [
      { name: 'A', image: a },
      { name: 'B', image: b },
    ],
    groups: [
      { name: 'SQL', preferredOwners: ['A', 'B'] },
      { name: 'Files', preferredOwners: ['A', 'B'] },
      { name: 'Print', preferredOwners: ['B', 'A'] },
    ],
  });
  return { cluster, a, b };
}
