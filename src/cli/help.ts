/** What `--help` shows beyond the options (examples, exit statuses), and the one-line usage errors. */
import type { Command } from 'commander';

const EXIT_STATUSES = `Exit status:
  0  success
  1  failure: Windows refused, an install was refused or failed, a check found differences
  2  bad input: a missing, damaged or wrong file, a bad path, drive or option
  3  success, and a restart is pending (install or uninstall with -z); after a restart it is 0`;

/** Examples by command, as typed. */
const EXAMPLES: Record<string, string[]> = {
  svcpack: [
    'svcpack image create -o machine.svcimg',
    'svcpack package generate --level 4 --for machine.svcimg -o sp4.svcpkg',
    'svcpack install machine.svcimg sp4.svcpkg -q -z',
    'svcpack reboot machine.svcimg',
  ],
  'svcpack image create': [
    'svcpack image create -o machine.svcimg',
    'svcpack image create -o nt4.svcimg --preset nt4-enterprise --service-pack 6',
  ],
  'svcpack image info': ['svcpack image info machine.svcimg', 'svcpack image info machine.svcimg --json'],
  'svcpack image ls': ['svcpack image ls machine.svcimg C:\\WINNT\\system32'],
  'svcpack image diff': ['svcpack image diff before.svcimg after.svcimg'],
  'svcpack image import': ['svcpack image import ./drive_c -o imported.svcimg --letter C'],
  'svcpack image export': ['svcpack image export machine.svcimg ./out --drive C'],
  'svcpack package build': ['svcpack package build manifest.json payload/ -o Q823980.svcpkg'],
  'svcpack package init': [
    'svcpack package init payload/ -o manifest.json --id Q823980 --kind hotfix',
    'svcpack package build manifest.json payload/ -o Q823980.svcpkg',
  ],
  'svcpack package schema': ['svcpack package schema > manifest.schema.json'],
  'svcpack package verify': ['svcpack package verify sp4.svcpkg'],
  'svcpack package inspect': ['svcpack package inspect sp4.svcpkg --files'],
  'svcpack package generate': ['svcpack package generate --level 4 --for machine.svcimg -o sp4.svcpkg'],
  'svcpack install': [
    'svcpack install machine.svcimg sp4.svcpkg -q -z          (exit 3: restart pending)',
    'svcpack install machine.svcimg sp4.svcpkg -q --output serviced.svcimg',
    'svcpack install machine.svcimg sp4.svcpkg --plan-only',
    'svcpack install sp4.svcpkg -x:extracted                  (update.exe -x: no image needed)',
  ],
  'svcpack uninstall': [
    'svcpack image info machine.svcimg                        (lists the installed ids)',
    'svcpack uninstall machine.svcimg W2K-SP4 -z',
  ],
  'svcpack sfc': ['svcpack sfc machine.svcimg'],
  'svcpack reboot': ['svcpack reboot machine.svcimg', 'svcpack reboot machine.svcimg --mode transactional'],
  'svcpack pending': ['svcpack pending machine.svcimg'],
  'svcpack scenario': ['svcpack scenario fixtures/scenarios/terminal-server.json'],
  'svcpack demo': ['svcpack demo'],
  'svcpack bench': [
    'svcpack bench --suite hashing --quick',
    'svcpack bench --files 50000 --results bench/RESULTS.md   (command line vs library, library vs floor, scaling table)',
  ],
};

/** `svcpack image create`: the command's name with its parents'. */
export function fullName(command: Command): string {
  const names: string[] = [];
  for (let at: Command | null = command; at; at = at.parent) names.unshift(at.name());
  return names.join(' ');
}

/**
 * For the program and every subcommand: examples and exit statuses after the help, and a usage error
 * as one line plus where to read more (instead of the whole help page).
 */
export function addHelpDetails(command: Command): void {
  const name = fullName(command);
  command.showHelpAfterError(`(see '${name} --help')`);
  const examples = EXAMPLES[name];
  const lines = examples ? ['Examples:', ...examples.map((e) => `  $ ${e}`), ''] : [];
  command.addHelpText('after', `\n${[...lines, EXIT_STATUSES].join('\n')}`);
  for (const sub of command.commands) addHelpDetails(sub);
}
