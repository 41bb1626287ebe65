/**
 * A server cluster (MSCS on Windows NT 4.0 Enterprise Edition or Windows 2000 Advanced Server):
 * nodes that are machines, resource groups with preferred and current owners, and the Cluster
 * Administrator actions Q174799 uses (pause, resume, move group, restart).
 */
import { InputError, WinError, type InputProblem } from '../errors/index.js';
import type { ImageCore } from '../image/index.js';
import { reboot, type BootOptions, type BootReport } from '../boot/index.js';

/** Where Windows records the product type and suite. */
export const PRODUCT_OPTIONS_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions';

/** A node's state as Cluster Administrator shows it. */
export type NodeState = 'online' | 'paused' | 'down';

/** One cluster node: a machine. */
export interface ClusterNode {
  readonly name: string;
  readonly image: ImageCore;
  paused: boolean;
  /** Set while the node restarts; a machine that lost power is down too. */
  restarting: boolean;
}

/** A resource group: it runs on its owner while that node is up. */
export interface ResourceGroup {
  readonly name: string;
  /** Preferred owners, most preferred first. */
  readonly preferredOwners: readonly string[];
  owner: string;
}

/** How to build a cluster. */
export interface ClusterSpec {
  nodes: readonly { name: string; image: ImageCore }[];
  /** Groups; `owner` defaults to the first preferred owner. */
  groups: readonly { name: string; preferredOwners: readonly string[]; owner?: string }[];
  /** Accept nodes whose edition has no Cluster service (default false). */
  anyEdition?: boolean;
}

/** A group as a state snapshot shows it. */
export interface GroupStatus {
  name: string;
  owner: string;
  online: boolean;
}

/** The whole cluster at one moment. */
export interface ClusterStatus {
  nodes: Record<string, NodeState>;
  groups: GroupStatus[];
  /** Groups that are not online on an up node (the rolling upgrade keeps this empty). */
  offline: string[];
}

/** A cluster of machines and resource groups. */
export class Cluster {
  readonly nodes = new Map<string, ClusterNode>();
  readonly groups = new Map<string, ResourceGroup>();

  /** The node, or an `InputError` naming it. */
  node(name: string): ClusterNode {
    const node = this.nodes.get(name);
    if (!node) throw new InputError('cluster', `no node named '${name}'`, 'node');
    return node;
  }

  /** The group, or an `InputError` naming it. */
  group(name: string): ResourceGroup {
    const group = this.groups.get(name);
    if (!group) throw new InputError('cluster', `no group named '${name}'`, 'group');
    return group;
  }

  /** Node names in the order they were given. */
  nodeNames(): string[] {
    return [...this.nodes.keys()];
  }
}

function dataOf(image: ImageCore, name: string): unknown {
  return image.registry.getValue(PRODUCT_OPTIONS_KEY, name)?.data;
}

/**
 * Whether the machine's edition runs the Cluster service: a server (`ProductType` `ServerNT` or
 * `LanmanNT`) whose `ProductSuite` names `Enterprise` (NT 4.0 EE, Windows 2000 Advanced or Datacenter Server).
 */
export function clusterCapable(image: ImageCore): boolean {
  const type = dataOf(image, 'ProductType');
  const suite = dataOf(image, 'ProductSuite');
  const server = type === 'ServerNT' || type === 'LanmanNT';
  return server && Array.isArray(suite) && suite.some((s) => /^enterprise$/i.test(s));
}

/** Builds a cluster; every problem (unknown owners, duplicates, editions) is reported at once. */
export function createCluster(spec: ClusterSpec): Cluster {
  const problems: InputProblem[] = [];
  const cluster = new Cluster();
  spec.nodes.forEach((node, i) => {
    if (cluster.nodes.has(node.name))
      problems.push({ where: `/nodes/${i}`, message: `node '${node.name}' given twice` });
    else if (!spec.anyEdition && !clusterCapable(node.image)) {
      problems.push({
        where: `/nodes/${i}`,
        message: `node '${node.name}' is not an edition with the Cluster service (NT 4.0 Enterprise Edition or Windows 2000 Advanced Server)`,
      });
    }
    cluster.nodes.set(node.name, { name: node.name, image: node.image, paused: false, restarting: false });
  });
  if (spec.nodes.length < 2)
    problems.push({ where: '/nodes', message: 'a cluster needs at least two nodes' });
  spec.groups.forEach((group, i) => {
    const where = `/groups/${i}`;
    if (cluster.groups.has(group.name))
      problems.push({ where, message: `group '${group.name}' given twice` });
    if (group.preferredOwners.length === 0)
      problems.push({ where: `${where}/preferredOwners`, message: 'name at least one preferred owner' });
    group.preferredOwners.forEach((owner, j) => {
      if (!cluster.nodes.has(owner))
        problems.push({ where: `${where}/preferredOwners/${j}`, message: `no node named '${owner}'` });
    });
    const owner = group.owner ?? group.preferredOwners[0] ?? '';
    if (group.owner !== undefined && !cluster.nodes.has(owner))
      problems.push({ where: `${where}/owner`, message: `no node named '${owner}'` });
    cluster.groups.set(group.name, { name: group.name, preferredOwners: [...group.preferredOwners], owner });
  });
  if (problems.length > 0) throw new InputError('cluster', problems);
  return cluster;
}

/** The node's state: down while restarting or without power, paused, or online. */
export function nodeState(cluster: Cluster, name: string): NodeState {
  const node = cluster.node(name);
  if (node.restarting || node.image.poweredOff) return 'down';
  return node.paused ? 'paused' : 'online';
}

/** Whether the node is up (online or paused: a paused node keeps running its groups). */
export function nodeUp(cluster: Cluster, name: string): boolean {
  return nodeState(cluster, name) !== 'down';
}

/** The groups a node currently owns. */
export function groupsOwnedBy(cluster: Cluster, name: string): ResourceGroup[] {
  return [...cluster.groups.values()].filter((group) => group.owner === name);
}

/** Pause Node: the node keeps its groups but takes no new ones. */
export function pauseNode(cluster: Cluster, name: string): void {
  if (nodeState(cluster, name) === 'down')
    throw new WinError('ERROR_NOT_READY', name, `node ${name} is down: it cannot be paused`);
  cluster.node(name).paused = true;
}

/** Resume Node: the node may own groups again. */
export function resumeNode(cluster: Cluster, name: string): void {
  if (nodeState(cluster, name) === 'down')
    throw new WinError('ERROR_NOT_READY', name, `node ${name} is down: it cannot be resumed`);
  cluster.node(name).paused = false;
}

/**
 * Move Group: the group goes offline on its owner and online on `to`. A paused or down node cannot
 * take ownership (`ERROR_NOT_READY`); `to` must be one of the group's possible owners (its preferred owners).
 */
export function moveGroup(cluster: Cluster, groupName: string, to: string): void {
  const group = cluster.group(groupName);
  cluster.node(to);
  if (group.owner === to) return;
  const state = nodeState(cluster, to);
  if (state !== 'online') {
    throw new WinError(
      'ERROR_NOT_READY',
      to,
      `node ${to} is ${state}: it cannot take ownership of group ${groupName}`,
    );
  }
  if (!group.preferredOwners.includes(to)) {
    throw new WinError(
      'ERROR_INVALID_PARAMETER',
      to,
      `node ${to} is not a possible owner of group ${groupName}`,
    );
  }
  group.owner = to;
}

/** A snapshot of node states and group owners, with the groups that are not online. */
export function clusterStatus(cluster: Cluster): ClusterStatus {
  const nodes: Record<string, NodeState> = {};
  for (const name of cluster.nodes.keys()) nodes[name] = nodeState(cluster, name);
  const groups = [...cluster.groups.values()].map((g) => ({
    name: g.name,
    owner: g.owner,
    online: nodes[g.owner] !== undefined && nodes[g.owner] !== 'down',
  }));
  return { nodes, groups, offline: groups.filter((g) => !g.online).map((g) => g.name) };
}

/**
 * Restarts a node's machine. While it is down its groups are offline (no failover is modelled:
 * the procedure moves them away first); `whileDown` sees that moment.
 */
export function restartNode(
  cluster: Cluster,
  name: string,
  options: BootOptions & { whileDown?: (status: ClusterStatus) => void } = {},
): BootReport {
  const node = cluster.node(name);
  node.restarting = true;
  try {
    options.whileDown?.(clusterStatus(cluster));
    const { whileDown: _ignored, ...boot } = options;
    return reboot(node.image, boot);
  } finally {
    node.restarting = false;
  }
}
