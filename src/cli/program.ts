import type { Command } from 'commander';
import { registerBootCommands } from './commands/boot.js';
import { registerImageCommands } from './commands/image.js';
import { registerPackageCommands } from './commands/package.js';
import { registerScenarioCommand } from './commands/scenario.js';
import { registerServicingCommands } from './commands/servicing.js';
import { registerSweepCommands } from './commands/sweep.js';
import { registerToolCommands } from './commands/tools.js';
import { registerWorkerCommand } from './commands/worker.js';
import { addHelpDetails } from './help.js';
import { baseProgram } from './program-base.js';

/** The `svcpack` program with every subcommand (the command line itself loads only the one it runs: lazy-program.ts). */
export function createProgram(): Command {
  const program = baseProgram();
  registerImageCommands(program);
  registerPackageCommands(program);
  registerServicingCommands(program);
  registerBootCommands(program);
  registerScenarioCommand(program);
  registerToolCommands(program);
  registerSweepCommands(program);
  registerWorkerCommand(program);
  addHelpDetails(program);
  return program;
}
