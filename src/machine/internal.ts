/**
 * The machine layer's internal entry: what the CLI and the tests need below the public API, the
 * image core behind a WinImage. The package (src/index.ts) does not export it.
 */
export { coreOf } from './core-access.js';
