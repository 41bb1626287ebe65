import { Command } from 'commander';
import { registerBootCommands } from './commands/boot.js';
import { registerImageCommands } from './commands/image.js';
import { registerPackageCommands } from './commands/package.js';
import { registerScenarioCommand } from './commands/scenario.js';
import { registerServicingCommands } from './commands/servicing.js';
import { registerToolCommands } from './commands/tools.js';

/** The `svcpack` program with every subcommand. */
export function createProgram(): Command {
  const program = new Command();
  program
    .name('svcpack')
    .description('Service an in-memory Windows 2000-era machine the way update.exe did.')
    .version('0.1.0')
    .showHelpAfterError()
    .exitOverride((error) => {
      process.exit(error.exitCode === 0 ? 0 : 2);
    });
  registerImageCommands(program);
  registerPackageCommands(program);
  registerServicingCommands(program);
  registerBootCommands(program);
  registerScenarioCommand(program);
  registerToolCommands(program);
  return program;
}
