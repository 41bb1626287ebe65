import { describe, expect, it } from 'vitest';
import { InputError } from '../../src/errors/index.js';
import { WinImage } from '../../src/machine/index.js';
import { runScenario, type ImageFactory } from '../../src/scenarios/index.js';
import { coreOf } from '../../src/machine/internal.js';

const createImage: ImageFactory = (options) => coreOf(WinImage.create(options));

describe('runScenario', () => {
  it('stops at the first failed assertion and skips the rest', async () => {
    const report = await runScenario(
      {
        steps: [
          { create: { name: 'A' } },
          { assert: { on: 'A', servicePack: 3, pendingRenames: 0 } },
          { assert: { on: 'A', servicePack: 0 } },
        ],
      },
      { createImage },
    );
    expect(report.ok).toBe(false);
    expect(report.steps.map((s) => s.status)).toEqual(['ok', 'failed', 'skipped']);
    expect(report.steps[1]?.message).toMatch(/servicePack: expected 3, got 0/);
    expect(report.steps[1]?.pointer).toBe('/steps/1');
  });

  it('continueOnError runs every step', async () => {
    const report = await runScenario(
      {
        steps: [
          { create: { name: 'A' } },
          { assert: { on: 'A', exists: 'C:\\WINNT\\no-such-file.dll' } },
          { assert: { on: 'A', exists: 'C:\\WINNT\\system32\\ntoskrnl.exe', servicePack: 0 } },
        ],
      },
      { createImage, continueOnError: true },
    );
    expect(report.steps.map((s) => s.status)).toEqual(['ok', 'failed', 'ok']);
    expect(report.ok).toBe(false);
  });

  it('an unexpected result code fails the step with the code', async () => {
    const report = await runScenario(
      {
        steps: [
          { create: { name: 'A' } },
          { generate: { package: 'sp4', for: 'A', level: 4, files: 8 } },
          { session: { on: 'A', session: 2 } },
          { install: { on: 'A', package: 'sp4', switches: '-u -z' } },
        ],
      },
      { createImage },
    );
    expect(report.steps[3]).toMatchObject({ status: 'failed', code: 1640 });
    expect(report.steps[3]?.message).toMatch(/expected 0 or 3010 or 1641, got 1640/);
  });

  it('a cluster step can expect the procedure to stop (an error event in a node log)', async () => {
    const report = await runScenario(
      {
        steps: [
          { create: { name: 'A', preset: 'nt4-enterprise', servicePack: 3 } },
          { create: { name: 'B', preset: 'nt4-enterprise', servicePack: 3 } },
          { generate: { package: 'sp4', for: 'A', level: 4, files: 8 } },
          { logEvent: { on: 'A', source: 'Disk', eventId: 7, type: 'error', message: 'bad block' } },
          {
            cluster: {
              nodes: ['A', 'B'],
              groups: [{ name: 'G', preferredOwners: ['A', 'B'] }],
              rollingUpgrade: { package: 'sp4' },
              expect: 'stopped',
              stoppedAtStep: 1,
            },
          },
          { assert: { on: 'A', servicePack: 3, errorEvents: 1 } },
        ],
      },
      { createImage },
    );
    expect(report.steps.map((s) => s.status)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok', 'ok']);
    expect(report.steps[4]?.message).toMatch(/stopped at step 1/);
  });

  it('invalid input throws before any machine is built', async () => {
    let built = 0;
    await expect(
      runScenario(
        { steps: [{ create: { name: 'A' } }, { install: { on: 'A' } }] },
        {
          createImage: (o) => {
            built += 1;
            return createImage(o);
          },
        },
      ),
    ).rejects.toBeInstanceOf(InputError);
    expect(built).toBe(0);
  });
});
