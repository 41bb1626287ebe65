import { afterEach, describe, expect, it, vi } from 'vitest';

describe('bench/servicing.ts alternatingRounds', () => {
  const host = globalThis as { gc?: () => void };
  const saved = host.gc;

  afterEach(() => {
    host.gc = saved;
    vi.resetModules();
  });

  /** The collections each run of two tasks over two rounds began after, with or without `collect`. */
  async function collectionsBeforeRuns(collect: boolean | undefined): Promise<string[]> {
    const events: string[] = [];
    host.gc = () => events.push('gc');
    vi.resetModules();
    // the source module: its collector is `globalThis.gc` as the module finds it when loaded
    const { alternatingRounds } = await import('../../bench/servicing.js');
    const task = (name: string) => ({
      name,
      run: () => events.push(`run ${name}`),
      beforeEach: () => events.push(`before ${name}`),
    });
    const samples = await alternatingRounds([task('a'), task('b')], 2, undefined, collect);
    expect(samples.get('a')).toHaveLength(2);
    return events.filter((event) => event === 'gc' || event.startsWith('run'));
  }

  it('forces a collection before each run by default, after its set-up', async () => {
    const events = await collectionsBeforeRuns(undefined);
    const runs = events.filter((event) => event.startsWith('run'));
    expect(runs.length).toBeGreaterThanOrEqual(4);
    events.forEach((event, i) => {
      if (event.startsWith('run')) expect(events[i - 1]).toBe('gc');
    });
  });

  it('forces none with collect false (--no-collect)', async () => {
    const events = await collectionsBeforeRuns(false);
    expect(events.filter((event) => event.startsWith('run')).length).toBeGreaterThanOrEqual(4);
    expect(events).not.toContain('gc');
  });
});
