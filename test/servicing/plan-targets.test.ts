import { describe, expect, test } from 'vitest';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { install, plan, type InstallOptions } from '../../src/servicing/index.js';
import type { Package } from '../../src/package/index.js';
import { smallImage } from '../helpers/small-image.js';
import { buildPackage, serverImage } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

/** Installs and expects a 1603 refusal that changed nothing; returns its message (the plan says the same). */
async function refusal(core: ImageCore, pkg: Package, options: InstallOptions = {}): Promise<string> {
  const before = digestImage(core);
  const planned = await plan(core, pkg, options);
  const result = await install(core, pkg, { noRestart: true, ...options });
  expect(result.code).toBe(1603);
  expect(planned.refusal?.message).toBe(result.message);
  expect(digestImage(core), 'a refusal changes nothing').toBe(before);
  return result.message;
}

const v = '5.0.2195.7000';

describe('where the files go, checked at plan', () => {
  test('a target rooted at an undefined variable (%NOSUCHVAR%\\x.dll) is refused with where, not installed under C:\\%NOSUCHVAR%', async () => {
    const image = serverImage();
    const pkg = buildPackage([
      { target: '%SystemRoot%\\system32\\fine.dll', data: 'fine', version: v },
      { target: '%NOSUCHVAR%\\x.dll', data: 'x', version: v },
    ]);
    const message = await refusal(coreOf(image), pkg);
    expect(message).toMatch(
      /\/files\/1\/target '%NOSUCHVAR%\\x\.dll': %NOSUCHVAR% is not defined on this machine/,
    );
    expect(coreOf(image).find('C:\\%NOSUCHVAR%')).toBeUndefined();
  });

  test('two targets naming one file through a variable and a drive path are a duplicate, naming both', async () => {
    const image = serverImage();
    const root = coreOf(image).expand('%SystemRoot%');
    const pkg = buildPackage([
      { target: '%SystemRoot%\\system32\\dup.dll', data: 'new', version: '5.0.2195.9000' },
      { target: `${root}\\system32\\dup.dll`, data: 'old', version: '5.0.2195.1000' },
    ]);
    const message = await refusal(coreOf(image), pkg);
    expect(message).toMatch(/duplicate targets/);
    expect(message).toContain(
      `/files/1/target '${root}\\system32\\dup.dll' and /files/0/target '%SystemRoot%\\system32\\dup.dll'`,
    );
  });

  test('a long name and its 8.3 alias are one file: a duplicate target', async () => {
    const image = serverImage();
    const long = `${coreOf(image).expand('%SystemRoot%')}\\system32\\longfilename.dll`;
    image.writeFile(long, Buffer.from('installed'), { version: '5.0.2195.1' });
    const alias = coreOf(image).find(long)!;
    expect(alias.shortName).toBeDefined();
    const pkg = buildPackage([
      { target: '%SystemRoot%\\system32\\longfilename.dll', data: 'newer', version: '5.0.2195.9000' },
      { target: `%SystemRoot%\\system32\\${alias.shortName!}`, data: 'older', version: '5.0.2195.2000' },
    ]);
    const message = await refusal(coreOf(image), pkg);
    expect(message).toMatch(
      /\/files\/1\/target '%SystemRoot%\\system32\\LONGFI~1\.DLL' and \/files\/0\/target/,
    );
    expect(image.readFile(long).toString()).toBe('installed');
  });

  test('a new file named through a folder and its 8.3 alias is a duplicate too', async () => {
    const core = smallImage();
    const pkg = buildPackage(
      [
        { target: 'C:\\Program Files\\Common Files\\new.dll', data: 'a', version: v },
        { target: 'C:\\PROGRA~1\\COMMON~1\\NEW.DLL', data: 'b', version: v },
      ],
      { editions: ['Server'] },
    );
    const message = await refusal(core, pkg, { method: 'share' });
    expect(message).toMatch(/\/files\/1\/target 'C:\\PROGRA~1\\COMMON~1\\NEW\.DLL' and \/files\/0\/target/);
  });

  test('an install that would write to a CD-ROM volume is refused at plan, naming the volume and the file', async () => {
    const core = smallImage();
    const pkg = buildPackage([
      { target: 'C:\\WINNT\\system32\\kernel32.dll', data: 'kernel32 v2', version: '5.0.2195.2' },
      { target: 'E:\\I386\\new.dll', data: 'x', version: v },
    ]);
    const message = await refusal(core, pkg, { method: 'share' });
    expect(message).toMatch(
      /write to E:, a CD-ROM volume, which is read-only \(ERROR_WRITE_PROTECT\): \/files\/1\/target: E:\\I386\\new\.dll/,
    );
  });

  test('the same targets without a clash still install', async () => {
    const core = smallImage();
    const pkg = buildPackage([{ target: 'C:\\Program Files\\Common Files\\new.dll', data: 'a', version: v }]);
    const result = await install(core, pkg, { method: 'share', noRestart: true });
    expect(result.code).toBe(0);
  });
});
