import { defineConfig } from 'vitest/config';

// `npm run reliability`: the reliability suite at full scale (SVCPACK_RELIABILITY=full), its figures
// gathered into .tmp/reliability.json. The same files run sampled in the normal test run.
export default defineConfig({
  test: {
    include: ['test/reliability/**/*.test.ts'],
    testTimeout: 1_800_000,
    hookTimeout: 300_000,
    pool: 'forks',
    globalSetup: ['test/reliability/gather-figures.ts'],
    reporters: ['default', 'json'],
    outputFile: { json: '.tmp/reliability-results.json' },
  },
});
