import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WinImage } from '../../src/machine/index.js';
import { parseScenarioText, runScenario, type ImageFactory } from '../../src/scenarios/index.js';
import { coreOf } from '../../src/machine/internal.js';

const createImage: ImageFactory = (options) => coreOf(WinImage.create(options));
const sample = (name: string) =>
  parseScenarioText(
    readFileSync(join(import.meta.dirname, '..', '..', 'fixtures', 'scenarios', name), 'utf8'),
    name,
  );

describe('sample scenario files run green', () => {
  for (const file of [
    'rolling-upgrade.json',
    'terminal-server.json',
    'power-cut-install.json',
    'staged-client.json',
    'w2k-sp4-flow.json',
    'sms20-sp4-prerequisites.json',
  ]) {
    it(file, async () => {
      const report = await runScenario(sample(file), { createImage, source: file });
      const failed = report.steps.filter((s) => s.status !== 'ok');
      expect(failed, JSON.stringify(failed, null, 1)).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.steps.length).toBeGreaterThan(3);
    });
  }
});
