/** The command line: `svcpack` and its subcommands. */
export { createProgram } from './program.js';
export { runDemo, SERVICING_LOGS } from './demo.js';
export type { DemoOptions } from './demo.js';
export { EXIT } from './output.js';
