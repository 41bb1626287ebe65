/** Fleet specs: bad ones refused with where (the sweeps themselves run in fleet-sweep.test.ts). */
import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { parseFleetSpec } from '../../src/sweep/index.js';
import { SMALL_FLEET } from './fleet-spec.js';

describe('fleet specs', () => {
  it('a bad fleet spec is refused naming every problem with its JSON pointer', () => {
    const bad = {
      ...SMALL_FLEET,
      machines: { presets: ['win95'], seeds: [] },
      steps: [{ install: { package: 'sp5' } }],
    };
    expect(() => parseFleetSpec(bad, 'fleet.json')).toThrow(InputError);
    try {
      parseFleetSpec(bad, 'fleet.json');
    } catch (error) {
      const wheres = (error as InputError).problems.map((p) => p.where);
      expect(wheres).toEqual(expect.arrayContaining(['/machines/presets/0', '/machines/seeds']));
    }
    expect(() =>
      parseFleetSpec({ ...SMALL_FLEET, steps: [{ install: { package: 'sp5' } }] }, 'fleet.json'),
    ).toThrow(/\/steps\/0: names no package of \/packages: 'sp5'/);
  });
});
