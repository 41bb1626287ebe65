/**
 * The program the command line runs: only the module of the command it names is imported, so that
 * `svcpack install` does not load the queue client, the generators or the scenario runner of the
 * other commands (module loading was most of a small command's time). Anything else (`--help`,
 * `help`, no command, a misspelt one) gets every command, as `createProgram` builds it.
 */
import type { Command } from 'commander';
import { baseProgram } from './program-base.js';

type Register = (program: Command) => void;

/** Each group of top-level commands and the module that registers it. */
const GROUPS = {
  image: async () => (await import('./commands/image.js')).registerImageCommands,
  package: async () => (await import('./commands/package.js')).registerPackageCommands,
  servicing: async () => (await import('./commands/servicing.js')).registerServicingCommands,
  boot: async () => (await import('./commands/boot.js')).registerBootCommands,
  scenario: async () => (await import('./commands/scenario.js')).registerScenarioCommand,
  tools: async () => (await import('./commands/tools.js')).registerToolCommands,
  sweep: async () => (await import('./commands/sweep.js')).registerSweepCommands,
  worker: async () => (await import('./commands/worker.js')).registerWorkerCommand,
} satisfies Record<string, () => Promise<Register>>;

/** The group that defines each top-level command (test/cli/lazy-program.test.ts checks it against `createProgram`). */
export const COMMAND_GROUPS: Readonly<Record<string, keyof typeof GROUPS>> = {
  image: 'image',
  package: 'package',
  install: 'servicing',
  uninstall: 'servicing',
  sfc: 'servicing',
  reboot: 'boot',
  pending: 'boot',
  scenario: 'scenario',
  demo: 'tools',
  bench: 'tools',
  sweep: 'sweep',
  worker: 'worker',
};

/** The program's own options that change nothing of which command runs. */
const QUIET_OPTIONS = new Set(['--debug', '--progress', '--no-progress']);

/** The command's name: the first argument, after any of the program's quiet options (else undefined: `--help`, ...). */
function commandName(argv: readonly string[]): string | undefined {
  return argv.slice(2).find((arg) => !QUIET_OPTIONS.has(arg));
}

/** The program's own options that print and exit before any command is read. */
const PROGRAM_ONLY_OPTIONS = new Set(['--version', '-V']);

/**
 * The program for `argv` (as `process.argv`): the named command's group only, no command at all for
 * `--version`, or every command.
 */
export async function programFor(argv: readonly string[]): Promise<Command> {
  const name = commandName(argv);
  if (name !== undefined && PROGRAM_ONLY_OPTIONS.has(name)) return baseProgram();
  const group = name !== undefined && Object.hasOwn(COMMAND_GROUPS, name) ? COMMAND_GROUPS[name] : undefined;
  if (group === undefined) return (await import('./program.js')).createProgram();
  const [register, { addHelpDetails }] = await Promise.all([GROUPS[group](), import('./help.js')]);
  const program = baseProgram();
  register(program);
  addHelpDetails(program);
  return program;
}
