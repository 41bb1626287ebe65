/** Global setup of `npm run reliability`: clears the figures, then gathers and prints them. */
import { existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIGURES_FOLDER, type Figure } from './figures.js';

export const RELIABILITY_JSON = join('.tmp', 'reliability.json');

export function setup(): void {
  rmSync(FIGURES_FOLDER, { recursive: true, force: true });
}

export function teardown(): void {
  if (!existsSync(FIGURES_FOLDER)) return;
  const figures: (Figure & { full: boolean })[] = readdirSync(FIGURES_FOLDER)
    .sort()
    .map((name) => JSON.parse(readFileSync(join(FIGURES_FOLDER, name), 'utf8')));
  const totals = new Map<string, number>();
  for (const figure of figures) totals.set(figure.kind, (totals.get(figure.kind) ?? 0) + figure.tried);
  const finished = new Date().toISOString();
  writeFileSync(
    RELIABILITY_JSON,
    `${JSON.stringify({ finished, totals: Object.fromEntries(totals), figures }, null, 2)}\n`,
  );
  console.log(`\nreliability figures (${RELIABILITY_JSON}):`);
  for (const f of figures) {
    const inner = f.inner === undefined ? '' : `, ${f.inner} ${f.innerLabel ?? ''}`;
    console.log(
      `  ${f.kind}: ${f.what}: ${f.tried} tried${inner}, ${f.failures} failed${f.full ? '' : ' (sampled)'}`,
    );
  }
}
