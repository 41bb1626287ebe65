/** A small fleet: two seeds, files held or not, the system drive roomy or nearly full. */
import type { FleetSpecFile } from '../../src/sweep/index.js';

export const SMALL_FLEET: FleetSpecFile = {
  name: 'small fleet',
  machines: {
    presets: ['win2000-server'],
    files: [850],
    seeds: [1, 2],
    heldFiles: [0, 3],
    freeSpace: [null, 200_000],
  },
  packages: [{ name: 'sp4', generate: { kind: 'servicePack', level: 4, files: 8 } }],
  steps: [
    { install: { package: 'sp4', switches: '-u -z' } },
    { reboot: {} },
    { uninstall: { package: 'sp4' } },
    { reboot: {} },
  ],
};
