import { readFileSync } from 'node:fs';
import fg from 'fast-glob';
import { defineConfig } from 'vitest/config';
import full from './vitest.config.js';

// `npm run test:quick`: the development loop. The full suite (`npm test`, what CI runs) minus the slow
// tests, marked by folder or by name:
// - test/cli (but the in-process lazy-program), test/docs, test/packaging: they spawn the built
//   command line or pack the tarball;
// - test/reliability, test/bench: the reliability sequences and the benchmark floors;
// - *.slow.test.ts: the large generated images (tens of thousands of files);
// - the sweeps and the files below: the slowest of the rest (each over 10 s of a 2-core run under
//   load, together about half of the quick set's test time): sweeps, property and fuzz runs, the
//   SMS scenario, the hash pool's worker threads, real PE files and host imports.
// test/quick-set.test.ts checks that what stays still names every spec rule and tests every layer.
export const SLOW_TESTS = [
  'test/cli/!(lazy-program).test.ts',
  'test/docs/**',
  'test/packaging/**',
  'test/reliability/**',
  'test/bench/**',
  'test/**/*.slow.test.ts',
  'test/sweep/*-sweep.test.ts',
  'test/sweep/report-browser.test.ts',
  'test/scenarios/sms-setup.test.ts',
  'test/scenarios/samples.test.ts',
  'test/catalog/hash-pool.test.ts',
  'test/machine/stale-save-temps.test.ts',
  'test/machine/image-load-fuzz.test.ts',
  'test/machine/servicing-lock-property.test.ts',
  'test/host/real-pe.test.ts',
  'test/host/import-memory.test.ts',
  'test/host/times-property.test.ts',
  'test/path/properties.test.ts',
];

/** The quick set's files, as vitest picks them: the full suite's minus SLOW_TESTS. */
export function quickTests(): string[] {
  return fg.sync(full.test?.include ?? [], { ignore: SLOW_TESTS });
}

// Most of a run's time went on loading the sources again for every file (isolate), so the quick set
// shares one module graph per worker: only files that vi.mock a module get their own (isolation is
// set per pool, not per project, so those run in the threads pool).
const MOCKING = quickTests().filter((file) => /\bvi\.(do)?[mM]ock\(/.test(readFileSync(file, 'utf8')));
const { testTimeout, hookTimeout } = full.test ?? {};

export default defineConfig({
  test: {
    ...full.test,
    projects: [
      {
        test: {
          name: 'quick',
          include: full.test?.include,
          exclude: [...SLOW_TESTS, ...MOCKING],
          testTimeout,
          hookTimeout,
          pool: 'forks',
        },
      },
      { test: { name: 'quick-mocks', include: MOCKING, testTimeout, hookTimeout, pool: 'threads' } },
    ],
    poolOptions: { forks: { isolate: false }, threads: { isolate: true } },
  },
});
