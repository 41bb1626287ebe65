import { defineConfig, mergeConfig } from 'vitest/config';
import full from './vitest.config.js';

// `npm run test:quick`: the development loop. The full suite (`npm test`, what CI runs) minus the slow
// tests, marked by folder or by name:
// - test/cli, test/docs, test/packaging: they spawn the built command line or pack the tarball;
// - test/reliability, test/bench: the reliability sequences and the benchmark floors;
// - *.slow.test.ts: the large generated images (tens of thousands of files);
// - test/sweep and the files below: the slowest of the rest (each over 10 s of a 2-core run under
//   load, together about half of the quick set's test time): sweeps, property and fuzz runs, the
//   SMS scenario, the hash pool's worker threads, real PE files and host imports.
export const SLOW_TESTS = [
  'test/cli/**',
  'test/docs/**',
  'test/packaging/**',
  'test/reliability/**',
  'test/bench/**',
  'test/**/*.slow.test.ts',
  'test/sweep/**',
  'test/scenarios/sms-setup.test.ts',
  'test/scenarios/samples.test.ts',
  'test/catalog/hash-pool.test.ts',
  'test/machine/stale-save-temps.test.ts',
  'test/machine/image-load-fuzz.test.ts',
  'test/machine/servicing-lock-property.test.ts',
  'test/host/real-pe.test.ts',
  'test/host/import-memory.test.ts',
  'test/path/properties.test.ts',
];

export default mergeConfig(
  full,
  defineConfig({
    test: {
      exclude: SLOW_TESTS,
    },
  }),
);
