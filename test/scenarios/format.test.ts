import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { parseScenario, parseScenarioText, scenarioProblems } from '../../src/scenarios/index.js';

const problemsOf = (fn: () => unknown): { where: string; message: string }[] => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(InputError);
    return [...(error as InputError).problems];
  }
  throw new Error('expected an InputError');
};

describe('scenario file format', () => {
  it('accepts a valid scenario', () => {
    const spec = parseScenario({
      name: 'ok',
      steps: [
        { create: { name: 'A', preset: 'win2000-server' } },
        { generate: { package: 'sp4', for: 'A', level: 4, files: 200 } },
        { snapshot: { on: 'A', name: 'A@start' } },
        { install: { on: 'A', package: 'sp4', switches: '-u -z', expect: 3010 } },
        { reboot: { on: 'A', mode: 'windows', powerCutAfter: 3 } },
        { assert: { on: 'A', digestEquals: 'A@start' } },
        { advanceClock: { hours: 23 } },
      ],
    });
    expect(spec.steps).toHaveLength(7);
  });

  it('reports several problems at once, each at its JSON pointer', () => {
    const problems = problemsOf(() =>
      parseScenario({
        steps: [
          { create: { name: 'A', preset: 'win95' } },
          { generate: { package: 'sp4', for: 'B', files: -1 } },
          { install: { on: 'A', package: 'sp5', expect: 'maybe' } },
          { reboot: { on: 'A' }, assert: { on: 'A', servicePack: 4 } },
          { frobnicate: {} },
          { assert: { on: 'A' } },
          { assert: { on: 'A', digestEquals: 'never-taken', pendingRenames: -2 } },
          { advanceClock: {} },
          {
            cluster: {
              nodes: ['A'],
              groups: [{ name: 'G', preferredOwners: ['Z'] }],
              rollingUpgrade: { package: 'sp4' },
            },
          },
        ],
      }),
    );
    const where = problems.map((p) => p.where);
    expect(where).toEqual(
      expect.arrayContaining([
        '/steps/0/create/preset',
        '/steps/1/generate/files',
        '/steps/1/generate/for',
        '/steps/1/generate/level',
        '/steps/2/install/expect',
        '/steps/2/install/package',
        '/steps/3',
        '/steps/4/frobnicate',
        '/steps/5/assert',
        '/steps/6/assert/pendingRenames',
        '/steps/6/assert/digestEquals',
        '/steps/7/advanceClock',
        '/steps/8/cluster/nodes',
        '/steps/8/cluster/groups/0/preferredOwners/0',
      ]),
    );
    expect(problems.find((p) => p.where === '/steps/1/generate/for')?.message).toMatch(
      /no machine named 'B'/,
    );
    expect(problems.find((p) => p.where === '/steps/4/frobnicate')?.message).toMatch(/unknown step kind/);
  });

  it('names unknown fields and a missing steps list', () => {
    expect(
      scenarioProblems({ name: 1 })
        .map((p) => p.where)
        .sort(),
    ).toEqual(['/name', '/steps']);
    const problems = scenarioProblems({ steps: [{ create: { name: 'A', colour: 'blue' } }] });
    expect(problems).toHaveLength(1);
    expect(problems[0]?.where).toBe('/steps/0/create');
    expect(problems[0]?.message).toMatch(/colour/);
  });

  it('a reference must come from an earlier step, and names are defined once', () => {
    const problems = scenarioProblems({
      steps: [{ assert: { on: 'A', servicePack: 0 } }, { create: { name: 'A' } }, { create: { name: 'A' } }],
    });
    expect(problems.map((p) => p.where)).toEqual(['/steps/0/assert/on', '/steps/2/create/name']);
  });

  it('escapes JSON pointer segments (~ and /)', () => {
    const problems = scenarioProblems({ steps: [{ 'a/b~c': {} }] });
    expect(problems[0]?.where).toBe('/steps/0/a~1b~0c');
  });

  it('a JSON syntax error is an InputError at line:column', () => {
    const problems = problemsOf(() => parseScenarioText('{\n  "steps" []\n}', 'bad.json'));
    expect(problems[0]?.where).toBe('2:11');
  });
});
