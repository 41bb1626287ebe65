import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import {
  BASE_COMPONENTS,
  SOFTWARE_DISTRIBUTION_AGENT,
  StagedClientUpgrade,
  simulateStagedUpgrade,
} from '../../src/scenarios/index.js';

describe('staged SMS 2.0 SP2 client upgrade (Q264969)', () => {
  it('base components first, then a restart is needed before anything else upgrades', () => {
    const client = new StagedClientUpgrade({ name: 'PC1' });
    const start = client.start();
    expect(start).toMatchObject({ event: 'upgrade-start', staged: BASE_COMPONENTS, restartPending: true });
    // a CCIM cycle cannot go on while the base components wait for their restart
    const [cycle] = client.advance(23);
    expect(cycle?.upgraded).toEqual([]);
    expect(client.restartPending).toBe(true);
    expect(client.components.get(SOFTWARE_DISTRIBUTION_AGENT)).toBe('old');
  });

  it('with the software-distribution agent: two restarts, and the 23 h cycle upgrades the others while it waits', () => {
    const client = simulateStagedUpgrade({ name: 'PC1', softwareDistribution: true }, ['restart']);
    const afterFirst = client.timeline.at(-1)!;
    expect(afterFirst).toMatchObject({
      event: 'restart',
      upgraded: [BASE_COMPONENTS],
      staged: SOFTWARE_DISTRIBUTION_AGENT,
      restartPending: true,
    });
    expect(afterFirst.remaining).toContain('Hardware Inventory Client Agent');
    // nothing happens before the cycle is due
    expect(client.advance(22.5)).toEqual([]);
    const [cycle] = client.advance(0.5);
    expect(cycle?.event).toBe('ccim-cycle');
    expect(cycle?.hours).toBe(23);
    expect(cycle?.upgraded).toHaveLength(4);
    expect(cycle?.restartPending).toBe(true);
    expect(cycle?.remaining).toEqual([SOFTWARE_DISTRIBUTION_AGENT]);
    expect(client.components.get(SOFTWARE_DISTRIBUTION_AGENT)).toBe('waitingForRestart');
    const second = client.restart();
    expect(second.upgraded).toEqual([SOFTWARE_DISTRIBUTION_AGENT]);
    expect(client.complete).toBe(true);
    expect(client.restarts).toBe(2);
    expect(client.timeline.filter((e) => e.event === 'ccim-cycle' && e.upgraded.length > 0)).toHaveLength(1);
  });

  it('without it: one restart upgrades every agent, no second restart is needed', () => {
    const client = simulateStagedUpgrade({ name: 'PC2', softwareDistribution: false }, ['restart']);
    expect(client.complete).toBe(true);
    expect(client.restartPending).toBe(false);
    expect(client.restarts).toBe(1);
    expect(client.timeline.at(-1)?.upgraded).toHaveLength(5);
  });

  it('the cycle interval and the first cycle are configurable; cycles repeat on the virtual clock', () => {
    const client = simulateStagedUpgrade({ name: 'PC3', cycleHours: 6, firstCycleHours: 2 }, [
      'restart',
      { hours: 15 },
    ]);
    const cycles = client.timeline.filter((e) => e.event === 'ccim-cycle').map((e) => e.hours);
    expect(cycles).toEqual([2, 8, 14]);
    expect(client.hoursElapsed()).toBe(15);
    expect(client.timeline.find((e) => e.event === 'ccim-cycle')?.upgraded).toHaveLength(4);
  });

  it('a second restart before the cycle finishes the agent and lets the frozen process go on', () => {
    const client = simulateStagedUpgrade({ name: 'PC4' }, ['restart', { hours: 1 }, 'restart']);
    expect(client.complete).toBe(true);
    expect(client.timeline.at(-1)?.upgraded).toHaveLength(5);
    expect(client.advance(23)[0]?.upgraded).toEqual([]);
  });

  it('bad options are reported together', () => {
    try {
      new StagedClientUpgrade({ name: 'X', cycleHours: 0, firstCycleHours: -1, agents: [BASE_COMPONENTS] });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(InputError);
      expect((error as InputError).problems.map((p) => p.where)).toEqual([
        'cycleHours',
        'firstCycleHours',
        'agents/0',
      ]);
    }
  });
});
