/**
 * `svcpack/testing`: a golden image per worker and a fresh fork per test, and ways to hand an
 * image's fs to code under test (a `node:fs` module for `vi.mock`, a loader for CommonJS packages).
 * See docs/testing.md.
 */
export { freshImage, goldenImage, imageHarness } from './harness.js';
export type { HarnessOptions, ImageHarness } from './harness.js';
export { nodeFsModule, nodeFsPromisesModule } from './node-fs-module.js';
export { requireWithFs } from './require-with-fs.js';
