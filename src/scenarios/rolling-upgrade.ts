/**
 * Q174799's rolling upgrade of a server cluster: one node at a time is paused, emptied of its
 * groups, serviced, restarted and checked, so every group stays online on some node throughout.
 */
import { PowerCut } from '../errors/index.js';
import { copyImage, ImageCore } from '../image/index.js';
import type { Package } from '../package/index.js';
import { install, installedHotfixes, installedServicePack } from '../servicing/index.js';
import type { InstallOptions, InstallResult } from '../servicing/index.js';
import {
  clusterStatus,
  groupsOwnedBy,
  moveGroup,
  nodeState,
  pauseNode,
  restartNode,
  resumeNode,
  type Cluster,
  type ClusterStatus,
} from './cluster.js';
import { describeErrors, errorEvents, eventMark } from './event-check.js';

/** What one trace entry did. */
export type RollingAction =
  'check-log' | 'backup' | 'pause' | 'move' | 'install' | 'restart' | 'resume' | 'move-back' | 'verify';

/** One entry of the step-by-step trace, with the cluster's state right after it. */
export interface RollingTraceEntry {
  /** The procedure step (1 to 8, spec "Clusters: rolling upgrade"). */
  step: number;
  action: RollingAction;
  node?: string;
  group?: string;
  ok: boolean;
  message: string;
  status: ClusterStatus;
  /** Every group was online on an up node at this point. */
  invariant: boolean;
}

/** Where and why the procedure stopped. */
export interface RollingStop {
  step: number;
  action: RollingAction;
  node?: string;
  reason: string;
}

/** A node's service-pack level and hotfixes. */
export interface NodeLevel {
  servicePack: number;
  hotfixes: string[];
}

/** What `rollingUpgrade` did. */
export interface RollingUpgradeReport {
  /** Completed, with every node at the same level and the invariant held throughout. */
  ok: boolean;
  completed: boolean;
  stoppedAt?: RollingStop;
  trace: RollingTraceEntry[];
  /** Every trace entry (and every moment a node was down) kept all groups online. */
  invariantHeld: boolean;
  installs: Record<string, InstallResult>;
  levels: Record<string, NodeLevel>;
  /** Set when the nodes end with different service packs or hotfixes. */
  mismatch?: string;
  /** Step 1's backup of each node, taken before anything changed. */
  backups: Map<string, ImageCore>;
}

/** Options of `rollingUpgrade`. */
export interface RollingUpgradeOptions {
  /** Passed to `install` (or per node); the restart is always done by the procedure (`restart: 'later'`). */
  install?: InstallOptions | ((node: string) => InstallOptions);
  /** The order of the nodes (default: the cluster's order); the first is node A. */
  order?: readonly string[];
  /** Step 1 reviews each node's log from this record on (default: the whole log). */
  reviewFrom?: Readonly<Record<string, number>>;
  /** Take step 1's backups (default true). */
  backup?: boolean;
  /** Called after every trace entry (an observer; it may also inject trouble, such as an event-log error). */
  onStep?: (entry: RollingTraceEntry, cluster: Cluster) => void;
}

class Stopped extends Error {
  constructor(readonly stop: RollingStop) {
    super(stop.reason);
  }
}

/** Step numbers of the per-node actions: node A uses steps 2 to 5, every later node 6 and 7. */
function stepsFor(
  first: boolean,
): Record<'pause' | 'move' | 'install' | 'restart' | 'check' | 'resume', number> {
  return first
    ? { pause: 2, move: 2, install: 3, restart: 3, check: 4, resume: 5 }
    : { pause: 6, move: 6, install: 7, restart: 7, check: 7, resume: 7 };
}

/** The node a group moves to: its most preferred online owner other than `from`. */
function failoverTarget(cluster: Cluster, groupName: string, from: string): string | undefined {
  const group = cluster.group(groupName);
  return group.preferredOwners.find((name) => name !== from && nodeState(cluster, name) === 'online');
}

function levelOf(image: ImageCore): NodeLevel {
  return { servicePack: installedServicePack(image), hotfixes: [...installedHotfixes(image)].sort() };
}

/**
 * Installs `pkg` on every node of the cluster by Q174799's procedure:
 * 1. check each node's System log for errors (any error stops before a change) and take backups;
 * 2. pause node A and move its groups to B; 3. install on A and restart it; 4. check A's log
 * (stop on an error); 5. resume A; 6. pause B and move its groups to A; 7. install on B, restart,
 * check, resume; 8. move every group back to its preferred owner. The trace records the cluster
 * after every action and whether every group was online; at the end every node must have the same
 * service pack and hotfixes. A refused or failed install stops the procedure where it is, with the
 * groups still online on the other nodes.
 */
export async function rollingUpgrade(
  cluster: Cluster,
  pkg: Package | Uint8Array,
  options: RollingUpgradeOptions = {},
): Promise<RollingUpgradeReport> {
  const order = options.order ? [...options.order] : cluster.nodeNames();
  for (const name of order) cluster.node(name);
  const trace: RollingTraceEntry[] = [];
  const installs: Record<string, InstallResult> = {};
  const backups = new Map<string, ImageCore>();
  const record = (
    step: number,
    action: RollingAction,
    ok: boolean,
    message: string,
    where: { node?: string; group?: string } = {},
  ): void => {
    const status = clusterStatus(cluster);
    const entry: RollingTraceEntry = {
      step,
      action,
      ...where,
      ok,
      message,
      status,
      invariant: status.offline.length === 0,
    };
    trace.push(entry);
    options.onStep?.(entry, cluster);
  };
  const stop = (step: number, action: RollingAction, reason: string, node?: string): never => {
    record(step, action, false, reason, node === undefined ? {} : { node });
    throw new Stopped({ step, action, reason, ...(node === undefined ? {} : { node }) });
  };

  const recorder: Recorder = { record, stop, installs };
  let stoppedAt: RollingStop | undefined;
  try {
    checkLogsAndBackUp(cluster, order, options, backups, recorder);
    for (const [index, name] of order.entries()) {
      await upgradeNode(cluster, name, index === 0, pkg, options, recorder);
    }
    moveGroupsBack(cluster, recorder);
  } catch (error) {
    if (!(error instanceof Stopped)) throw error;
    stoppedAt = error.stop;
  }

  const completed = stoppedAt === undefined;
  const { levels, mismatch } = verifyLevels(cluster, order, completed, record);
  const invariantHeld = trace.every((entry) => entry.invariant);
  return {
    ok: completed && mismatch === undefined && invariantHeld,
    completed,
    ...(stoppedAt ? { stoppedAt } : {}),
    trace,
    invariantHeld,
    installs,
    levels,
    ...(mismatch ? { mismatch } : {}),
    backups,
  };
}

/** Step 1: every node's System log must be free of errors; then (unless told not to) a backup of each node. */
function checkLogsAndBackUp(
  cluster: Cluster,
  order: readonly string[],
  options: RollingUpgradeOptions,
  backups: Map<string, ImageCore>,
  { record, stop }: Recorder,
): void {
  for (const name of order) {
    const image = cluster.node(name).image;
    const errors = errorEvents(image, options.reviewFrom?.[name] ?? 1);
    if (errors.length > 0)
      stop(
        1,
        'check-log',
        `node ${name}'s System log has errors; troubleshoot them first: ${describeErrors(errors)}`,
        name,
      );
    record(1, 'check-log', true, `node ${name}: no errors in the System log`, { node: name });
  }
  if (options.backup ?? true) {
    for (const name of order) {
      const image = cluster.node(name).image;
      const copy = new ImageCore({ registry: image.registry.clone() });
      copyImage(image, copy);
      backups.set(name, copy);
      record(1, 'backup', true, `node ${name}: backup taken`, { node: name });
    }
  }
}

/** Step 8: every group back on its most preferred online owner. */
function moveGroupsBack(cluster: Cluster, { record, stop }: Recorder): void {
  for (const group of cluster.groups.values()) {
    const home = group.preferredOwners.find((owner) => nodeState(cluster, owner) === 'online');
    if (home === undefined) stop(8, 'move-back', `no preferred owner of group ${group.name} is online`);
    else if (home !== group.owner) {
      const from = group.owner;
      moveGroup(cluster, group.name, home);
      record(
        8,
        'move-back',
        true,
        `group ${group.name} moved from ${from} back to its preferred owner ${home}`,
        { group: group.name, node: home },
      );
    }
  }
}

/** The level of every node; when the procedure completed, a check that all nodes are at the same one. */
function verifyLevels(
  cluster: Cluster,
  order: readonly string[],
  completed: boolean,
  record: Recorder['record'],
): { levels: Record<string, NodeLevel>; mismatch: string | undefined } {
  const levels: Record<string, NodeLevel> = {};
  const everyNode = cluster.nodeNames();
  for (const name of everyNode) levels[name] = levelOf(cluster.node(name).image);
  let mismatch: string | undefined;
  if (completed) {
    const distinct = new Set(everyNode.map((name) => JSON.stringify(levels[name])));
    if (distinct.size > 1) {
      mismatch = `nodes differ: ${everyNode.map((n) => `${n} SP${levels[n]!.servicePack} [${levels[n]!.hotfixes.join(', ')}]`).join('; ')}`;
    }
    record(
      8,
      'verify',
      mismatch === undefined,
      mismatch ?? `every node has SP${levels[order[0]!]!.servicePack} and the same hotfixes`,
    );
  }
  return { levels, mismatch };
}

interface Recorder {
  record: (
    step: number,
    action: RollingAction,
    ok: boolean,
    message: string,
    where?: { node?: string; group?: string },
  ) => void;
  stop: (step: number, action: RollingAction, reason: string, node?: string) => never;
  installs: Record<string, InstallResult>;
}

async function upgradeNode(
  cluster: Cluster,
  name: string,
  first: boolean,
  pkg: Package | Uint8Array,
  options: RollingUpgradeOptions,
  { record, stop, installs }: Recorder,
): Promise<void> {
  const steps = stepsFor(first);
  const image = cluster.node(name).image;
  pauseNode(cluster, name);
  record(steps.pause, 'pause', true, `node ${name} paused`, { node: name });
  for (const group of groupsOwnedBy(cluster, name)) {
    const target = failoverTarget(cluster, group.name, name);
    if (target === undefined)
      stop(steps.move, 'move', `no online node can take group ${group.name} from ${name}`, name);
    else {
      moveGroup(cluster, group.name, target);
      record(steps.move, 'move', true, `group ${group.name} moved from ${name} to ${target}`, {
        node: target,
        group: group.name,
      });
    }
  }
  const mark = eventMark(image);
  let result: InstallResult;
  try {
    const given = typeof options.install === 'function' ? options.install(name) : options.install;
    result = await install(image, pkg, { ...given, restart: 'later' });
  } catch (error) {
    if (error instanceof PowerCut)
      stop(steps.install, 'install', `node ${name} lost power during the install: ${error.message}`, name);
    throw error;
  }
  installs[name] = result;
  if (result.code !== 0 && result.code !== 3010) {
    stop(
      steps.install,
      'install',
      `install on node ${name} failed with ${result.code}: ${result.message}`,
      name,
    );
  }
  record(steps.install, 'install', true, `node ${name}: ${result.message} (${result.code})`, { node: name });
  restartNode(cluster, name, {
    whileDown: (status) => {
      const offline = status.offline.join(', ');
      const message = offline
        ? `node ${name} is down for its restart; offline: ${offline}`
        : `node ${name} is down for its restart; every group is online elsewhere`;
      record(steps.restart, 'restart', offline === '', message, { node: name });
    },
  });
  record(steps.restart, 'restart', true, `node ${name} restarted`, { node: name });
  const errors = errorEvents(image, mark);
  if (errors.length > 0)
    stop(
      steps.check,
      'check-log',
      `node ${name}'s System log has errors after the install; troubleshoot them before continuing: ${describeErrors(errors)}`,
      name,
    );
  record(steps.check, 'check-log', true, `node ${name}: no errors in the System log since the install`, {
    node: name,
  });
  resumeNode(cluster, name);
  record(steps.resume, 'resume', true, `node ${name} resumed`, { node: name });
}
