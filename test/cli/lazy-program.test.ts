import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createProgram } from '../../src/cli/index.js';
import { COMMAND_GROUPS, programFor } from '../../src/cli/lazy-program.js';

const names = (program: { commands: readonly { name(): string }[] }) =>
  program.commands.map((c) => c.name()).sort();

describe('the command line loads only the command it runs', () => {
  it('knows the group of every command createProgram defines, and no other', () => {
    expect(Object.keys(COMMAND_GROUPS).sort()).toEqual(names(createProgram()));
  });

  it("builds each command as createProgram does (same options and subcommands), with its group's commands only", async () => {
    const all = createProgram();
    for (const command of all.commands) {
      const program = await programFor(['node', 'svcpack', '--debug', command.name(), '--help']);
      const lazy = program.commands.find((c) => c.name() === command.name())!;
      expect(lazy.helpInformation()).toBe(command.helpInformation());
      expect(names(program).length).toBeLessThan(all.commands.length);
      const group = COMMAND_GROUPS[command.name()];
      expect(names(program)).toEqual(
        Object.keys(COMMAND_GROUPS)
          .filter((name) => COMMAND_GROUPS[name] === group)
          .sort(),
      );
    }
  });

  it('loads no command for --version, and still prints the version', async () => {
    for (const flag of ['--version', '-V']) {
      const program = await programFor(['node', 'svcpack', '--progress', flag]);
      expect(program.commands).toHaveLength(0);
      let printed = '';
      program.configureOutput({ writeOut: (text) => (printed += text) });
      program.exitOverride();
      expect(() => program.parse(['node', 'svcpack', flag])).toThrow();
      expect(printed.trim()).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version);
    }
  });

  it('gives every command for help, no command, or a name it does not know', async () => {
    const all = names(createProgram());
    for (const args of [[], ['--help'], ['help', 'install'], ['instal'], ['-h', 'install'], ['constructor']])
      expect(names(await programFor(['node', 'svcpack', ...args]))).toEqual(all);
  });
});
