/**
 * Every cut point of the small server's SP4 install, each recovered, then every cut inside that
 * recovery swept both ways: by chain and one by one. Shared by the sound and the broken-recovery tests.
 */
import { reboot } from '../../src/boot/index.js';
import { PowerCut } from '../../src/errors/index.js';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { install } from '../../src/servicing/index.js';
import {
  recoveryCutsByChain,
  recoveryCutsOneByOne,
  sweepRecoveryCuts,
} from '../../src/sweep/recovery-cuts.js';
import { forkCore } from '../helpers/recovery-sweep.js';
import { smallServer, tinyServicePack } from '../servicing/small-server.js';

export interface PointVerdicts {
  point: number;
  /** Changes the uncut recovery made: the cuts inside it are 0 to this - 1. */
  changes: number;
  /** What the chain found (undefined: nothing). */
  chain: string | undefined;
  /** What cutting each change on its own fork found. */
  oneByOne: string[];
  /** What the sweep records (chain first, one by one when the chain finds something). */
  swept: string[];
  sweptCuts: number;
}

/** Install cut points of the small server's SP4 install with `switches`, every `every`-th. */
export async function sweepBothWays(switches: string, every = 1): Promise<PointVerdicts[]> {
  const base = smallServer();
  const sp4 = tinyServicePack();
  const verdicts: PointVerdicts[] = [];
  for (let point = 0; ; point += every) {
    const cut = forkCore(base);
    try {
      await install(cut, sp4, { switches, powerCutAfter: point });
      return verdicts;
    } catch (error) {
      if (!(error instanceof PowerCut)) throw error;
    }
    verdicts.push(judgeBothWays(cut, point));
    await new Promise((resolve) => setImmediate(resolve)); // let the test runner's RPC through
  }
}

function judgeBothWays(cut: ImageCore, point: number): PointVerdicts {
  const clean = forkCore(cut);
  const changes = reboot(clean).recovered?.operations ?? 0;
  // each way gets its own copy of the cut machine: the sweeps use theirs up
  const c = () => ({ cut: forkCore(cut), mode: 'windows' as const, changes, digest: digestImage(clean) });
  const swept: string[] = [];
  const sweptCuts = sweepRecoveryCuts(c(), 1, point, swept);
  return {
    point,
    changes,
    chain: recoveryCutsByChain(c()),
    oneByOne: recoveryCutsOneByOne(c(), [...Array(changes).keys()]),
    swept,
    sweptCuts,
  };
}
