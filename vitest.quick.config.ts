import { defineConfig, mergeConfig } from 'vitest/config';
import full from './vitest.config.js';

// `npm run test:quick`: the development loop. The full suite (`npm test`, what CI runs) minus the slow
// tests, marked by folder or by name:
// - test/cli, test/docs, test/packaging: they spawn the built command line or pack the tarball;
// - test/reliability, test/bench: the reliability sequences and the benchmark floors;
// - *.slow.test.ts: the large generated images (tens of thousands of files).
export const SLOW_TESTS = [
  'test/cli/**',
  'test/docs/**',
  'test/packaging/**',
  'test/reliability/**',
  'test/bench/**',
  'test/**/*.slow.test.ts',
];

export default mergeConfig(
  full,
  defineConfig({
    test: {
      exclude: SLOW_TESTS,
    },
  }),
);
