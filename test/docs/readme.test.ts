/**
 * The README's examples, run as a user would: its TypeScript quick start verbatim against the built
 * dist, and its command-line tour line by line against a scratch folder.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { removeScratch, scratch, svcpack } from '../cli/spawn.js';

const ROOT = join(import.meta.dirname, '..', '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');
const LOGS = ['C:\\WINNT\\Svcpack.log', 'C:\\WINNT\\Spuninst.log'];

/** The first fenced block of `language` after `heading`. */
function blockAfter(heading: string, language: string): string {
  const section = README.slice(README.indexOf(heading));
  const match = new RegExp('```' + language + '\\n([\\s\\S]*?)```').exec(section);
  if (!match) throw new Error(`README has no ${language} block after ${heading}`);
  return match[1]!;
}

/** Splits a shell line into words (the README's lines use no quotes). */
const words = (line: string) => line.split(/\s+/).filter((word) => word !== '');

afterAll(removeScratch);

describe('README', () => {
  it('is under 10 KB', () => {
    expect(Buffer.byteLength(README)).toBeLessThan(10_000);
  });

  it('runs the library quick start verbatim, and its working-folder note holds', async () => {
    const dist = (path: string) => pathToFileURL(join(ROOT, 'dist', path)).href;
    const code = blockAfter('## Library quick start', 'ts')
      .replace("from 'svcpack/fixtures'", `from '${dist('fixtures/index.js')}'`)
      .replace("from 'svcpack'", `from '${dist('src/index.js')}'`);
    const file = join(scratch('readme'), 'quick-start.mjs');
    writeFileSync(file, `${code}\nexport { image, result, report };\n`);
    const { image, result, report } = await import(pathToFileURL(file).href);
    expect(result.code).toBe(3010);
    expect(report.entries.length).toBeGreaterThan(0);
    expect(result.workingFolder).toMatch(/^[A-Z]:\\[0-9a-f]{20}$/);

    // what the note promises: with removeWorkingFolder the same example ends at its starting digest
    const tidy = join(scratch('readme'), 'quick-start-tidy.mjs');
    const tidyCode = code.replace('{ noRestart: true }', '{ noRestart: true, removeWorkingFolder: true }');
    expect(tidyCode).not.toBe(code);
    writeFileSync(tidy, `${tidyCode}\nexport { image, result };\n`);
    const tidied = await import(pathToFileURL(tidy).href);
    expect(tidied.result.workingFolder).toBeUndefined();
    const { WinImage } = await import(dist('src/index.js'));
    const start = WinImage.create().digest({ exclude: LOGS });
    expect(image.digest({ exclude: LOGS })).not.toBe(start);
    expect(tidied.image.digest({ exclude: LOGS })).toBe(start);
    expect(tidied.image.exists(result.workingFolder)).toBe(false);
  }, 120_000);

  it('runs every line of the command-line tour with the status it documents', async () => {
    const lines = blockAfter('## Command line', 'sh').split('\n').filter(Boolean);
    const cwd = scratch('readme-cli');
    const statuses: Array<number | null> = [];
    for (const line of lines) {
      const [program, ...args] = words(line);
      expect(program).toBe('svcpack');
      const run = await svcpack(args, { cwd });
      statuses.push(run.code);
    }
    // install -z leaves a restart pending (3); uninstall restarts (1641: 0); diff finds the logs and the working folder (1)
    expect(lines.map(words).map((w) => w[1])).toEqual([
      'image',
      'package',
      'install',
      'pending',
      'reboot',
      'image',
      'uninstall',
      'image',
    ]);
    expect(statuses).toEqual([0, 0, 3, 0, 0, 0, 0, 1]);
  }, 300_000);

  it('shows only svcpack commands that exist, with options their --help lists', async () => {
    const shown = [...README.matchAll(/^(?:npx )?svcpack ([^\n]*)$/gm)].map((m) => words(m[1]!));
    expect(shown.length).toBeGreaterThan(5);
    for (const args of shown) {
      const command = args.filter((word, i) => !word.startsWith('-') && i < 2 && !word.includes('.'));
      const help = await svcpack([...command, '--help']);
      expect(help.code, args.join(' ')).toBe(0);
      for (const option of args.filter((word) => word.startsWith('-')))
        expect(help.stdout, `${command.join(' ')} ${option}`).toContain(option);
    }
  }, 120_000);
});
