/**
 * A program's write gives the file the version its bytes hold, as GetFileVersionInfo would read it:
 * real DLLs from Debian's Wine (PE32+, with version resources) written through `image.fs`.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readPeVersion } from '../../src/host/index.js';
import { install } from '../../src/machine/index.js';
import { buildPackage, serverImage } from '../servicing/helpers.js';

const WINE_PE = '/usr/lib/x86_64-linux-gnu/wine/x86_64-windows';
const psapi = readFileSync(join(WINE_PE, 'psapi.dll'));
const PSAPI_VERSION = '5.1.2600.3264';

describe('a write through image.fs gives the file the version in its bytes', () => {
  it("a real DLL written as a new file has its own version; the install keeps it over an older package's copy", async () => {
    expect(readPeVersion(psapi)).toBe(PSAPI_VERSION);
    const image = serverImage();
    const fs = image.fs('C');
    fs.mkdirSync('C:\\Apps', { recursive: true });
    fs.writeFileSync('C:\\Apps\\psapi.dll', psapi);
    expect(fs.statSync('C:\\Apps\\psapi.dll').version).toBe(PSAPI_VERSION);

    const older = buildPackage([
      { target: 'C:\\Apps\\psapi.dll', data: 'psapi 5.0', version: '5.0.2195.6723' },
    ]);
    const result = await install(image, older, { noRestart: true, quiet: true });
    expect(result.code).toBe(0);
    expect(Buffer.from(image.readFile('C:\\Apps\\psapi.dll')).equals(psapi)).toBe(true);
    expect(fs.statSync('C:\\Apps\\psapi.dll').version).toBe(PSAPI_VERSION);
  });

  it('new bytes over a versioned file replace its version: a real DLL gives its own, plain bytes none', () => {
    const image = serverImage();
    const fs = image.fs('C');
    const target = 'C:\\WINNT\\system32\\access.cpl';
    expect(fs.statSync(target).version).toMatch(/^5\.0\.2195\./);
    fs.writeFileSync(target, psapi);
    expect(fs.statSync(target).version).toBe(PSAPI_VERSION);
    fs.writeFileSync(target, 'not a program');
    expect(fs.statSync(target).version).toBeUndefined();
  });

  it("rewriting a file's own bytes (a time change) keeps its recorded version", () => {
    const image = serverImage();
    const fs = image.fs('C');
    const target = 'C:\\WINNT\\system32\\access.cpl';
    const version = fs.statSync(target).version;
    fs.utimesSync(target, new Date(2004, 1, 1), new Date(2004, 1, 1));
    image.writeFile(target, image.readFile(target));
    expect(fs.statSync(target).version).toBe(version);
  });

  it('a version given to writeFile wins over the bytes', () => {
    const image = serverImage();
    image.writeFile('C:\\WINNT\\system32\\access.cpl', psapi, { version: '9.9.9.9' });
    expect(image.fs('C').statSync('C:\\WINNT\\system32\\access.cpl').version).toBe('9.9.9.9');
  });
});
