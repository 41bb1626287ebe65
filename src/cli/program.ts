import { Command } from 'commander';
import { registerBootCommands } from './commands/boot.js';
import { registerImageCommands } from './commands/image.js';
import { registerPackageCommands } from './commands/package.js';
import { registerScenarioCommand } from './commands/scenario.js';
import { registerServicingCommands } from './commands/servicing.js';
import { registerSweepCommands } from './commands/sweep.js';
import { registerToolCommands } from './commands/tools.js';
import { registerWorkerCommand } from './commands/worker.js';
import { EXIT } from './errors.js';
import { addHelpDetails } from './help.js';

/** The `svcpack` program with every subcommand. */
export function createProgram(): Command {
  const program = new Command();
  program
    .name('svcpack')
    .description('Service an in-memory Windows 2000-era machine the way update.exe did.')
    .version('0.1.0')
    .option('--debug', 'print the stack of an error')
    .option('--progress', 'show progress on stderr even when it is not a terminal or with --json')
    .option('--no-progress', 'never show progress')
    .configureOutput({ outputError: (text, write) => write(`svcpack: ${text}`) })
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? EXIT.ok : EXIT.badInput);
    });
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
