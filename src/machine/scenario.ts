import { readFile } from 'node:fs/promises';
import {
  parseScenarioText,
  runScenario as runScenarioCore,
  type RunScenarioOptions,
  type ScenarioReport,
} from '../scenarios/index.js';
import { WinImage } from './win-image.js';
import { coreOf } from './core-access.js';

/** Options of `runScenario`: those of the scenarios layer, with machines built by `WinImage.create`. */
export type ScenarioOptions = Omit<RunScenarioOptions, 'createImage'> &
  Partial<Pick<RunScenarioOptions, 'createImage'>>;

/** Runs a scenario (parsed JSON) on machines made by `WinImage.create`. */
export function runScenario(spec: unknown, options: ScenarioOptions = {}): Promise<ScenarioReport> {
  return runScenarioCore(spec, { createImage: (o) => coreOf(WinImage.create(o)), ...options });
}

/** Reads a scenario file (JSON; syntax errors reported with line:column) and runs it. */
export async function runScenarioFile(file: string, options: ScenarioOptions = {}): Promise<ScenarioReport> {
  const spec = parseScenarioText(await readFile(file, 'utf8'), file);
  return runScenario(spec, { source: file, ...options });
}
