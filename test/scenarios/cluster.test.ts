import { describe, expect, it } from 'vitest';
import { InputError, WinError } from '../../src/errors/index.js';
import { WinImage } from '../../src/machine/index.js';
import {
  clusterCapable,
  clusterStatus,
  createCluster,
  moveGroup,
  nodeState,
  pauseNode,
  restartNode,
  resumeNode,
} from '../../src/scenarios/index.js';
import { twoNodeCluster } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

describe('cluster model', () => {
  it('groups start on their first preferred owner and are online', () => {
    const { cluster } = twoNodeCluster();
    const status = clusterStatus(cluster);
    expect(status.groups.map((g) => [g.name, g.owner, g.online])).toEqual([
      ['SQL', 'A', true],
      ['Files', 'A', true],
      ['Print', 'B', true],
    ]);
    expect(status.offline).toEqual([]);
  });

  it('a paused node keeps its groups online but cannot take new ones', () => {
    const { cluster } = twoNodeCluster();
    pauseNode(cluster, 'B');
    expect(nodeState(cluster, 'B')).toBe('paused');
    expect(clusterStatus(cluster).offline).toEqual([]);
    expect(() => moveGroup(cluster, 'SQL', 'B')).toThrow(WinError);
    resumeNode(cluster, 'B');
    moveGroup(cluster, 'SQL', 'B');
    expect(cluster.group('SQL').owner).toBe('B');
  });

  it('restarting a node that still owns groups takes them offline while it is down', () => {
    const { cluster } = twoNodeCluster();
    let seen: string[] = [];
    restartNode(cluster, 'A', { whileDown: (status) => (seen = status.offline) });
    expect(seen).toEqual(['SQL', 'Files']);
    expect(nodeState(cluster, 'A')).toBe('online');
    expect(clusterStatus(cluster).offline).toEqual([]);
  });

  it('reports every bad cluster definition at once, and refuses editions without the Cluster service', () => {
    const server = coreOf(WinImage.create({ preset: 'win2000-server' }));
    expect(clusterCapable(server)).toBe(false);
    const { a } = twoNodeCluster();
    expect(clusterCapable(a)).toBe(true);
    try {
      createCluster({
        nodes: [
          { name: 'A', image: a },
          { name: 'S', image: server },
        ],
        groups: [{ name: 'G', preferredOwners: ['A', 'Z'], owner: 'Q' }],
      });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems.map((p) => p.where)).toEqual([
        '/nodes/1',
        '/groups/0/preferredOwners/1',
        '/groups/0/owner',
      ]);
    }
  });
});
