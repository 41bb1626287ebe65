/**
 * The package as users get it: `npm pack`, installed into a clean folder, then used from an ES
 * module, from CommonJS, through TypeScript in both module systems, through `npx svcpack`, and by
 * Jest running docs/testing.md's Jest example against `require('svcpack/testing')`.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

const exec = promisify(execFile);

// npm and tsc in child processes: slow when the machine is shared
vi.setConfig({ testTimeout: 180_000, hookTimeout: 300_000 });
const ROOT = join(import.meta.dirname, '..', '..');
const NPM = process.platform === 'win32' ? 'npm.cmd' : 'npm';
const NPX = process.platform === 'win32' ? 'npx.cmd' : 'npx';

let consumer: string;

async function run(command: string, args: string[], cwd: string): Promise<string> {
  const { stdout } = await exec(command, args, { cwd, maxBuffer: 64 << 20, timeout: 240_000 });
  return stdout;
}

/** The same small job in either module system: its output must not depend on the entry used. */
const JOB = `
  const image = WinImage.create({ seed: 3 });
  const before = image.digest();
  const sp = generateServicePack(image, { level: 4, seed: 3, files: 12 });
  const pool = new HashPool();
  const hashed = await pool.hashAll([new Uint8Array([1, 2, 3])], { algorithm: 'sha256' });
  await pool.close();
  const result = await install(image, sp, { noRestart: true });
  let error = '';
  try { image.stat('C:\\\\nowhere\\\\at-all.dll'); } catch (e) { error = e instanceof WinError ? e.code : String(e); }
  console.log(JSON.stringify({ before, code: result.code, after: image.digest(), hashed, error }));
`;

beforeAll(async () => {
  if (!existsSync(join(ROOT, 'dist', 'cjs', 'svcpack.js')))
    throw new Error('run `npm run build` first: the tarball packs dist/');
  consumer = mkdtempSync(join(tmpdir(), 'svcpack-consumer-'));
  // --ignore-scripts: dist is built already; packing must not rebuild it under the other tests
  const packed = JSON.parse(
    await run(NPM, ['pack', '--ignore-scripts', '--json', '--pack-destination', consumer], ROOT),
  ) as { filename: string }[];
  writeFileSync(join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true }));
  await run(
    NPM,
    ['install', '--no-audit', '--no-fund', '--prefer-offline', join(consumer, packed[0].filename)],
    consumer,
  );
}, 300_000);

afterAll(() => {
  if (consumer) rmSync(consumer, { recursive: true, force: true });
});

describe('the packed tarball installed in a clean folder', () => {
  it('works from an ES module (import) and from CommonJS (require) with the same results', async () => {
    writeFileSync(
      join(consumer, 'job.mjs'),
      `import { WinImage, HashPool, WinError, install } from 'svcpack';
       import { generateServicePack } from 'svcpack/fixtures';
       ${JOB}`,
    );
    writeFileSync(
      join(consumer, 'job.cjs'),
      `const { WinImage, HashPool, WinError, install } = require('svcpack');
       const { generateServicePack } = require('svcpack/fixtures');
       (async () => { ${JOB} })().catch((e) => { console.error(e); process.exit(1); });`,
    );
    const fromEsm = JSON.parse(await run(process.execPath, ['job.mjs'], consumer));
    const fromCjs = JSON.parse(await run(process.execPath, ['job.cjs'], consumer));
    expect(fromEsm.code).toBe(3010);
    expect(fromEsm.after).not.toBe(fromEsm.before);
    expect(fromEsm.hashed).toEqual(['039058c6f2c0cb492c533b0a4d14ef77cc0f78abccced5287d84a1a2011cfb81']);
    expect(fromEsm.error).toBe('ERROR_PATH_NOT_FOUND');
    expect(fromCjs).toEqual(fromEsm);
  });

  it('has types for both: TypeScript checks an .mts import and a .cts require against them', async () => {
    const use = `const image: WinImage = WinImage.create({ seed: 1 });
      const digest: string = image.digest();
      const sp = generateServicePack(image, { level: 4 });
      // @ts-expect-error: create takes an options object, not a number
      WinImage.create(1);
      export { digest, sp };`;
    writeFileSync(
      join(consumer, 'use.mts'),
      `import { WinImage } from 'svcpack';\nimport { generateServicePack } from 'svcpack/fixtures';\n${use}`,
    );
    writeFileSync(
      join(consumer, 'use.cts'),
      `import { WinImage } from 'svcpack';\nimport { generateServicePack } from 'svcpack/fixtures';\n${use.replace('export { digest, sp };', 'export = { digest, sp };')}`,
    );
    writeFileSync(
      join(consumer, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          module: 'nodenext',
          moduleResolution: 'nodenext',
          strict: true,
          noEmit: true,
          skipLibCheck: true,
          types: ['node'],
          typeRoots: [join(ROOT, 'node_modules', '@types')],
        },
        files: ['use.mts', 'use.cts'],
      }),
    );
    // fails on any type error; the trace shows which declarations each module system got
    const resolved = await run(
      process.execPath,
      [join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', '.', '--traceResolution'],
      consumer,
    );
    expect(resolved).toMatch(/'svcpack' was successfully resolved to '.*\/dist\/src\/index\.d\.ts'/);
    expect(resolved).toMatch(/'svcpack' was successfully resolved to '.*\/dist\/cjs\/src\/index\.d\.ts'/);
  });

  it('runs as a command: npx svcpack --help, then the installed bin creates and reads an image', async () => {
    const help = await run(NPX, ['--no-install', 'svcpack', '--help'], consumer);
    expect(help).toContain('Usage: svcpack');
    const bin = join(consumer, 'node_modules', '.bin', 'svcpack');
    await run(bin, ['image', 'create', '-o', 'm.svcimg'], consumer);
    const info = JSON.parse(await run(bin, ['image', 'info', 'm.svcimg', '--json'], consumer));
    expect(info.build).toBe('2195');
  });

  it("runs docs/testing.md's Jest example under Jest, through the CommonJS svcpack/testing entry", async () => {
    const docs = readFileSync(join(ROOT, 'docs', 'testing.md'), 'utf8');
    const example = /## Jest[\s\S]*?```js\n([\s\S]*?)```/.exec(docs)?.[1];
    expect(example, 'the Jest example in docs/testing.md').toContain("require('svcpack/testing')");
    writeFileSync(join(consumer, 'rotate.test.js'), example!);
    writeFileSync(
      join(consumer, 'rotate-log.js'),
      `const fs = require('fs');
       const { win32 } = require('path');
       exports.rotateLog = (folder, name, keep) => {
         for (let i = keep - 1; i >= 1; i--) {
           const from = win32.join(folder, name + '.' + i);
           if (fs.existsSync(from)) fs.renameSync(from, win32.join(folder, name + '.' + (i + 1)));
         }
         const current = win32.join(folder, name);
         if (fs.existsSync(current)) fs.renameSync(current, win32.join(folder, name + '.1'));
         fs.writeFileSync(current, 'started\\r\\n');
         return fs.readdirSync(folder);
       };`,
    );
    const jest = join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
    const report = JSON.parse(
      await run(
        process.execPath,
        [jest, '--ci', '--json', '--rootDir', consumer, 'rotate.test.js'],
        consumer,
      ),
    ) as { numPassedTests: number; numFailedTests: number };
    expect(report).toMatchObject({ numPassedTests: 1, numFailedTests: 0 });
    // the mock reached the code under test: the log went into the image, not onto this disk
    expect(existsSync(join(consumer, 'C:\\WINNT\\Logs'))).toBe(false);
  });
});
