/**
 * Q264969: the SMS 2.0 SP2 upgrade of a Windows 9x client happens in stages separated by
 * restarts and by Client Configuration Installation Manager (CCIM) cycles on a virtual clock.
 *
 * 1. The client base components upgrade first; a restart is needed to go on.
 * 2. After it the client agents upgrade. The software-distribution agent goes first: if it is
 *    installed, its upgrade needs another restart and the upgrade process freezes until then, so
 *    the other agents are not upgraded yet. Without it, every agent upgrades and no restart follows.
 * 3. The next CCIM cycle (up to 23 hours away) upgrades the other agents without a restart, even
 *    while the software-distribution agent still waits for its restart.
 * Assumption (the article does not say): the second restart, if it comes before that cycle, lets
 * the frozen process go on and upgrade the remaining agents too.
 */
import { InputError, type InputProblem } from '../errors/index.js';

/** The client base components (CCIM, the copy queue, the client service). */
export const BASE_COMPONENTS = 'Client base components';
/** The software-distribution agent (Advertised Programs Client Agent). */
export const SOFTWARE_DISTRIBUTION_AGENT = 'Advertised Programs Client Agent';
/** The other SMS 2.0 client agents a Windows 9x client may have. */
export const OTHER_CLIENT_AGENTS = [
  'Hardware Inventory Client Agent',
  'Software Inventory Client Agent',
  'Remote Tools Client Agent',
  'Software Metering Client Agent',
] as const;

const HOUR = 3_600_000;

/** Options of a staged client upgrade. */
export interface StagedClientOptions {
  name: string;
  /** Default `'Windows 98'`. */
  os?: 'Windows 95' | 'Windows 98';
  /** Whether the software-distribution agent is installed (default true). */
  softwareDistribution?: boolean;
  /** The other agents installed (default: all four). */
  agents?: readonly string[];
  /** Hours between CCIM cycles (default 23). */
  cycleHours?: number;
  /** Hours from the start of the upgrade to the first CCIM cycle (default: `cycleHours`, the worst case). */
  firstCycleHours?: number;
  /** Start of the virtual clock, ms since the epoch (default 2000-07-25 09:00 UTC). */
  time?: number;
}

/** One component's upgrade state. */
export type ComponentState = 'old' | 'waitingForRestart' | 'upgraded';

/** One timeline entry. */
export interface TimelineEntry {
  /** Virtual time, ms since the epoch. */
  time: number;
  /** Hours since the upgrade started. */
  hours: number;
  event: 'upgrade-start' | 'restart' | 'ccim-cycle';
  /** Components whose upgrade completed at this moment. */
  upgraded: string[];
  /** A component staged at this moment that needs a restart to finish. */
  staged?: string;
  restartPending: boolean;
  /** Components not upgraded yet after this moment. */
  remaining: string[];
  note: string;
}

type Stage = 'notStarted' | 'baseWaitingForRestart' | 'frozen' | 'running';

/** One Windows 9x SMS client going through the staged SP2 upgrade on a virtual clock. */
export class StagedClientUpgrade {
  readonly name: string;
  readonly os: 'Windows 95' | 'Windows 98';
  readonly components = new Map<string, ComponentState>();
  readonly timeline: TimelineEntry[] = [];
  readonly cycleMs: number;
  clock: number;
  restarts = 0;
  private readonly startTime: number;
  private nextCycle: number;
  private stage: Stage = 'notStarted';

  constructor(options: StagedClientOptions) {
    const problems: InputProblem[] = [];
    const cycleHours = options.cycleHours ?? 23;
    if (!(cycleHours > 0))
      problems.push({ where: 'cycleHours', message: `must be above 0, got ${cycleHours}` });
    const first = options.firstCycleHours ?? cycleHours;
    if (!(first > 0)) problems.push({ where: 'firstCycleHours', message: `must be above 0, got ${first}` });
    const agents = options.agents ?? OTHER_CLIENT_AGENTS;
    agents.forEach((agent, i) => {
      if (agent === BASE_COMPONENTS || agent === SOFTWARE_DISTRIBUTION_AGENT) {
        problems.push({ where: `agents/${i}`, message: `'${agent}' is not one of the other agents` });
      }
    });
    if (problems.length > 0) throw new InputError('staged client options', problems);
    this.name = options.name;
    this.os = options.os ?? 'Windows 98';
    this.cycleMs = cycleHours * HOUR;
    this.clock = options.time ?? Date.UTC(2000, 6, 25, 9);
    this.startTime = this.clock;
    this.nextCycle = this.clock + first * HOUR;
    this.components.set(BASE_COMPONENTS, 'old');
    if (options.softwareDistribution ?? true) this.components.set(SOFTWARE_DISTRIBUTION_AGENT, 'old');
    for (const agent of agents) this.components.set(agent, 'old');
  }

  /** A restart is needed to go on (base components or the software-distribution agent staged). */
  get restartPending(): boolean {
    return [...this.components.values()].includes('waitingForRestart');
  }

  /** Every component is upgraded. */
  get complete(): boolean {
    return [...this.components.values()].every((state) => state === 'upgraded');
  }

  /** Components not upgraded yet. */
  remaining(): string[] {
    return [...this.components].filter(([, state]) => state !== 'upgraded').map(([name]) => name);
  }

  /** The upgrade starts: the base components are staged and need a restart. */
  start(): TimelineEntry {
    if (this.stage !== 'notStarted') throw new InputError(this.name, 'the upgrade has already started');
    this.components.set(BASE_COMPONENTS, 'waitingForRestart');
    this.stage = 'baseWaitingForRestart';
    return this.note(
      'upgrade-start',
      [],
      'the client base components are upgraded first; a restart is needed to continue',
      BASE_COMPONENTS,
    );
  }

  /** The user restarts the computer; whatever waited for a restart finishes, and the upgrade goes on. */
  restart(): TimelineEntry {
    this.restarts += 1;
    const finished = [...this.components].filter(([, s]) => s === 'waitingForRestart').map(([n]) => n);
    for (const name of finished) this.components.set(name, 'upgraded');
    if (this.stage === 'baseWaitingForRestart') return this.continueAfterBase(finished);
    if (this.stage === 'frozen') {
      const upgraded = [...finished, ...this.upgradeOtherAgents()];
      this.stage = 'running';
      return this.note(
        'restart',
        upgraded,
        'the software-distribution agent finished its upgrade; the frozen process went on',
      );
    }
    return this.note(
      'restart',
      finished,
      finished.length ? 'restart finished the staged upgrade' : 'nothing was waiting for this restart',
    );
  }

  /** Moves the virtual clock forward, running every CCIM cycle that falls due. */
  advance(hours: number): TimelineEntry[] {
    if (!(hours >= 0)) throw new InputError(this.name, `hours must be 0 or more, got ${hours}`, 'hours');
    const until = this.clock + hours * HOUR;
    const entries: TimelineEntry[] = [];
    while (this.nextCycle <= until) {
      this.clock = this.nextCycle;
      this.nextCycle += this.cycleMs;
      entries.push(this.cycle());
    }
    this.clock = until;
    return entries;
  }

  /** Hours since the upgrade started, on the virtual clock. */
  hoursElapsed(): number {
    return (this.clock - this.startTime) / HOUR;
  }

  private continueAfterBase(finished: string[]): TimelineEntry {
    if (this.components.has(SOFTWARE_DISTRIBUTION_AGENT)) {
      this.components.set(SOFTWARE_DISTRIBUTION_AGENT, 'waitingForRestart');
      this.stage = 'frozen';
      return this.note(
        'restart',
        finished,
        'the software-distribution agent is upgraded and needs another restart; the upgrade freezes until then, the other agents wait',
        SOFTWARE_DISTRIBUTION_AGENT,
      );
    }
    this.stage = 'running';
    return this.note(
      'restart',
      [...finished, ...this.upgradeOtherAgents()],
      'the remaining client agents are upgraded; no further restart is needed',
    );
  }

  private cycle(): TimelineEntry {
    if (this.stage === 'notStarted' || this.stage === 'baseWaitingForRestart') {
      return this.note(
        'ccim-cycle',
        [],
        this.stage === 'notStarted' ? 'no upgrade started' : 'the base components wait for a restart',
      );
    }
    const upgraded = this.upgradeOtherAgents();
    const note =
      upgraded.length === 0
        ? 'nothing left for the cycle'
        : this.stage === 'frozen'
          ? 'the CCIM cycle upgraded the other agents without a restart; the software-distribution agent still waits for its restart'
          : 'the CCIM cycle upgraded the remaining agents without a restart';
    return this.note('ccim-cycle', upgraded, note);
  }

  private upgradeOtherAgents(): string[] {
    const upgraded: string[] = [];
    for (const [name, state] of this.components) {
      if (name === BASE_COMPONENTS || name === SOFTWARE_DISTRIBUTION_AGENT || state !== 'old') continue;
      this.components.set(name, 'upgraded');
      upgraded.push(name);
    }
    return upgraded;
  }

  private note(
    event: TimelineEntry['event'],
    upgraded: string[],
    note: string,
    staged?: string,
  ): TimelineEntry {
    const entry: TimelineEntry = {
      time: this.clock,
      hours: this.hoursElapsed(),
      event,
      upgraded,
      ...(staged ? { staged } : {}),
      restartPending: this.restartPending,
      remaining: this.remaining(),
      note,
    };
    this.timeline.push(entry);
    return entry;
  }
}

/** One action of a staged upgrade script: restart now, or let hours pass. */
export type ClientAction = 'restart' | { hours: number };

/**
 * Starts the upgrade of a client, runs the actions in order and returns the client with its
 * timeline (e.g. `['restart', { hours: 23 }, 'restart']`).
 */
export function simulateStagedUpgrade(
  options: StagedClientOptions,
  actions: readonly ClientAction[],
): StagedClientUpgrade {
  const client = new StagedClientUpgrade(options);
  client.start();
  for (const action of actions) {
    if (action === 'restart') client.restart();
    else client.advance(action.hours);
  }
  return client;
}
