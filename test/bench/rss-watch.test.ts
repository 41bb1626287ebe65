import { describe, expect, it } from 'vitest';

describe('bench/rss-watch.ts', () => {
  it('begins a measure once its sampler runs, so the thread’s start is not in the first one (a cold load’s)', async () => {
    // the built script, as the scaling table's children use it
    const { watchRss } = await import('../../dist/bench/rss-watch.js');
    const watch = watchRss();
    const idle = await watch.measure(() => new Promise((resolve) => setTimeout(resolve, 150)));
    await watch.close();
    // the sampler alone costs about 10 ms of CPU in 150 ms; starting its thread, 20 to 30 ms more
    expect(idle.userMs + idle.systemMs).toBeLessThan(25);
    expect(idle.peakBytes).toBeGreaterThanOrEqual(idle.startBytes);
  });
});
