/**
 * Piscina `require()`s a worker file before it tries `import()`. On Node 20.19 and later that
 * `require()` of an ES module aborts the whole process (V8: "IsGraphAsync must be used on an
 * instantiated module") when the thread is terminated while the module is instantiated: a pool
 * destroyed while its threads still start. It killed a CI run's test process. Both pools therefore
 * hand piscina a CommonJS entry that brings the ES module in through `import()`.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hashWorkerFile } from '../../src/catalog/index.js';
import { sweepThreadFile } from '../../src/sweep/thread-pool.js';

const ENTRIES = { 'hash worker': hashWorkerFile(), 'sweep thread': sweepThreadFile() };
const CAN_DISABLE_REQUIRE_ESM = process.allowedNodeEnvironmentFlags.has('--experimental-require-module');

function runNode(args: string[], script: string): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [...args, '--input-type=module', '-e', script], {
    encoding: 'utf8',
    timeout: 120_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

describe('worker entries are CommonJS, so piscina never require()s an ES module', () => {
  for (const [name, file] of Object.entries(ENTRIES)) {
    it.runIf(CAN_DISABLE_REQUIRE_ESM)(
      `the ${name} entry loads with require() while require(esm) is off`,
      () => {
        const script = `import { createRequire } from 'node:module';
        const entry = createRequire(import.meta.url)(${JSON.stringify(file)});
        process.exit(typeof entry === 'function' ? 0 : 3);`;
        const run = runNode(['--no-experimental-require-module'], script);
        expect(run.output).toBe('');
        expect(run.status).toBe(0);
      },
    );
  }

  it('sweep thread pools destroyed at random moments while their threads start never abort the process', () => {
    const poolModule = new URL('../../dist/src/sweep/thread-pool.js', import.meta.url).href;
    const script = `import { SweepThreads } from ${JSON.stringify(poolModule)};
      for (let round = 0; round < 25; round++) {
        const threads = new SweepThreads(2, '/nonexistent-svcpack-cache');
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 150));
        await threads.close();
      }
      console.log('survived');`;
    const run = runNode([], script);
    expect(run.output).not.toMatch(/FATAL ERROR/);
    expect(run.output.trim()).toBe('survived');
    expect(run.status).toBe(0);
  });
});
