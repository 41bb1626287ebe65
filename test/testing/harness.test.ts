import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { WinImage } from '../../src/index.js';
import { freshImage, goldenImage, imageHarness } from '../../src/testing/index.js';

// The vitest example of docs/testing.md (importing from src instead of 'svcpack/testing').
const harness = imageHarness({ create: { files: 1600, seed: 7 } });
beforeEach(harness.setup);
afterEach(harness.teardown);

/** The code under test: an updater that swaps a DLL and keeps the old one. */
function updateDll(fs: ReturnType<typeof harness.fs>, dll: string, bytes: Buffer): void {
  fs.copyFileSync(dll, `${dll}.bak`);
  fs.writeFileSync(dll, bytes);
}

describe('svcpack/testing: the vitest example', () => {
  it("replaces an application's DLL and keeps a backup", () => {
    const fs = harness.fs('C');
    fs.mkdirSync('C:\\Program Files\\Vendor', { recursive: true });
    fs.writeFileSync('C:\\Program Files\\Vendor\\engine.dll', 'v1');
    updateDll(fs, 'C:\\Program Files\\vendor\\ENGINE.DLL', Buffer.from('v2'));
    expect(fs.readdirSync('C:\\Program Files\\Vendor')).toEqual(['engine.dll', 'ENGINE.DLL.bak']);
    expect(fs.readFileSync('C:\\Program Files\\Vendor\\engine.dll', 'utf8')).toBe('v2');
  });

  it('gets a fresh fork: the previous test left nothing behind', () => {
    expect(harness.fs('C').existsSync('C:\\Program Files\\Vendor')).toBe(false);
  });

  it('sees Windows File Protection put a protected system DLL back', () => {
    const fs = harness.fs('C');
    const before = fs.readFileSync('C:\\WINNT\\system32\\comdlg32.dll');
    updateDll(fs, 'C:\\WINNT\\system32\\comdlg32.dll', Buffer.from('patched'));
    expect(fs.readFileSync('C:\\WINNT\\system32\\comdlg32.dll')).toEqual(before);
    expect(harness.image().eventLog().at(-1)?.eventId).toBe(64002);
  });

  it('fails like Windows when the DLL is loaded by a running service', () => {
    const image = harness.image();
    const services = image.services().filter((s) => s.state === 'running' && s.holds.length > 0);
    const held = services[0].holds[0];
    const error = (() => {
      try {
        updateDll(harness.fs('C'), held, Buffer.from('new'));
      } catch (e) {
        return e as NodeJS.ErrnoException;
      }
    })();
    expect(error?.code).toBe('EBUSY');
  });
});

describe('svcpack/testing: the golden image and cleanup', () => {
  it('builds the golden image once per worker and hands out forks', async () => {
    let builds = 0;
    const options = { key: 'counted', build: () => (builds++, WinImage.create({ files: 1600, seed: 3 })) };
    const [a, b] = await Promise.all([freshImage(options), freshImage(options)]);
    expect(builds).toBe(1);
    expect(await goldenImage(options)).toBe(await goldenImage(options));
    a.writeFile('C:\\only-in-a.txt', 'a');
    expect(b.exists('C:\\only-in-a.txt')).toBe(false);
    expect((await goldenImage(options)).exists('C:\\only-in-a.txt')).toBe(false);
  });

  it('teardown closes the descriptors a test left open and counts them', async () => {
    const local = imageHarness({ create: { files: 1600, seed: 7 } });
    await local.setup();
    const image = local.image();
    local.fs('C').openSync('C:\\boot.ini', 'r');
    local.teardown();
    expect(local.leaked).toBe(1);
    image.open('C:\\boot.ini', { access: ['read'], share: [] }).close();
    expect(() => local.image()).toThrow(/setup/);
  });

  it('a build without a key is refused with a clear message', () => {
    expect(() => goldenImage({ build: () => WinImage.empty() })).toThrow(/give a key/);
  });
});
