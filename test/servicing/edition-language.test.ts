import { describe, expect, test } from 'vitest';
import { generateHotfix, generateNt4ServicePack, generateServicePack } from '../../fixtures/index.js';
import { digestImage, type ImageCore } from '../../src/image/index.js';
import { WinImage } from '../../src/machine/index.js';
import type { Manifest, Package } from '../../src/package/index.js';
import { install, installedServicePack, plan } from '../../src/servicing/index.js';
import { buildPackage, serverImage } from './helpers.js';
import { coreOf } from '../../src/machine/internal.js';

const PRODUCT_OPTIONS = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions';
const NLS_LANGUAGE = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\Language';

/** A one-file Windows 2000 SP4 with the given editions and language. */
function sp4(extra: Partial<Manifest> = {}): Package {
  return buildPackage(
    [{ target: '%SystemRoot%\\system32\\spedition.dll', data: 'edition test', version: '5.0.2195.6717' }],
    extra,
  );
}

/** Installs a package that must be refused, checking that nothing changed. */
async function refused(core: ImageCore, pkg: Package): Promise<{ code: number; message: string }> {
  const before = digestImage(core);
  const result = await install(core, pkg);
  expect(digestImage(core), 'a refusal changes nothing').toBe(before);
  expect(result.queuedRenames).toBe(0);
  return result;
}

function setSuite(image: WinImage, suite: string[]): void {
  image.registry.setValue(PRODUCT_OPTIONS, 'ProductSuite', 'REG_MULTI_SZ', suite);
}

function setLanguage(image: WinImage, langid: string): void {
  image.registry.setValue(NLS_LANGUAGE, 'InstallLanguage', 'REG_SZ', langid);
}

describe('the image records its language like an en-US installation', () => {
  test('Nls\\Language InstallLanguage and Default are 0409 in both control sets', () => {
    const image = serverImage();
    for (const set of ['CurrentControlSet', 'ControlSet001', 'ControlSet002']) {
      const key = `HKLM\\SYSTEM\\${set}\\Control\\Nls\\Language`;
      expect(image.registry.getValue(key, 'InstallLanguage')?.data).toBe('0409');
      expect(image.registry.getValue(key, 'Default')?.data).toBe('0409');
    }
  });
});

describe('edition check (ProductType and ProductSuite)', () => {
  test('a package for other editions is refused with 1603 naming both sides, nothing changed', async () => {
    const image = serverImage();
    const result = await refused(coreOf(image), sp4({ editions: ['Professional', 'Advanced Server'] }));
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/W2K-SP4 is for Professional, Advanced Server; this machine is Server\b/);
    expect(installedServicePack(coreOf(image))).toBe(0);
  });

  test('ProductSuite Enterprise is Advanced Server; Terminal Server in the suite changes nothing', async () => {
    const image = serverImage();
    setSuite(image, ['Enterprise', 'Terminal Server']);
    const result = await refused(coreOf(image), sp4({ editions: ['Professional', 'Server'] }));
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/is for Professional, Server; this machine is Advanced Server/);
    const accepted = await install(coreOf(image), sp4({ editions: ['advanced SERVER'] }), {
      restart: 'later',
    });
    expect(accepted.code, accepted.message).toBeOneOf([0, 3010]);
    expect(installedServicePack(coreOf(image))).toBe(4);
  });

  test('DataCenter in the suite is Datacenter Server, even beside Enterprise', async () => {
    const image = serverImage();
    setSuite(image, ['Enterprise', 'DataCenter']);
    const refusal = (await plan(coreOf(image), sp4({ editions: ['Advanced Server'] }))).refusal;
    expect(refusal?.code).toBe(1603);
    expect(refusal?.message).toMatch(/this machine is Datacenter Server/);
    expect((await plan(coreOf(image), sp4({ editions: ['Datacenter Server'] }))).refusal).toBeUndefined();
  });

  test('ProductType WinNT is Professional; LanmanNT (a domain controller) is a Server', async () => {
    const image = serverImage();
    const serverOnly = sp4({ editions: ['Server', 'Advanced Server'] });
    image.registry.setValue(PRODUCT_OPTIONS, 'ProductType', 'REG_SZ', 'WinNT');
    expect((await plan(coreOf(image), serverOnly)).refusal?.message).toMatch(/this machine is Professional/);
    image.registry.setValue(PRODUCT_OPTIONS, 'ProductType', 'REG_SZ', 'LanmanNT');
    expect((await plan(coreOf(image), serverOnly)).refusal).toBeUndefined();
  });

  test('a generated SP naming only Advanced Server is refused on the default Server', async () => {
    const image = serverImage();
    const pkg = generateServicePack(coreOf(image), { level: 4, files: 20, edition: 'Advanced Server' });
    const result = await refused(coreOf(image), pkg);
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/is for Advanced Server; this machine is Server/);
  });

  test("another product's editions are its own: an SMS 2.0 'Standard' package installs on a Server", async () => {
    const image = serverImage();
    const sms = buildPackage(
      [{ target: 'C:\\SMS\\bin\\i386\\smsexec.exe', data: 'smsexec sp2', version: '2.0.1493.2' }],
      {
        id: 'SMS20-SP2',
        title: 'SMS 2.0 Service Pack 2',
        product: 'SMS 2.0',
        level: 2,
        editions: ['Standard'],
        language: 'de-DE',
        catalog: { name: 'sms2.cat' },
      },
    );
    const windows = sp4({ editions: ['Standard'], language: 'de-DE' });
    expect((await plan(coreOf(image), windows)).refusal?.message).toMatch(
      /is for Standard; this machine is Server/,
    );
    const result = await install(coreOf(image), sms, { restart: 'later' });
    expect(result.code, result.message).toBeOneOf([0, 3010]);
  });
});

describe('language check (Nls\\Language InstallLanguage)', () => {
  test('an en-US package on a German installation is refused with 1603, nothing changed', async () => {
    const image = serverImage();
    setLanguage(image, '0407');
    const result = await refused(coreOf(image), sp4({ language: 'en-US' }));
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(
      /^W2K-SP4 \(en-US\) does not match the language of this installation \(de-DE\): /,
    );
    expect(installedServicePack(coreOf(image))).toBe(0);
    const german = await install(coreOf(image), sp4({ language: 'de-DE' }), { restart: 'later' });
    expect(german.code, german.message).toBeOneOf([0, 3010]);
    expect(installedServicePack(coreOf(image))).toBe(4);
  });

  test('LANGIDs map to their tags (fr-FR, ja-JP, es-ES, it-IT, en-US)', async () => {
    const image = serverImage();
    const cases = [
      ['040C', 'fr-FR'],
      ['0411', 'ja-JP'],
      ['0c0a', 'es-ES'],
      ['0410', 'it-IT'],
      ['0409', 'en-US'],
    ];
    for (const [langid, tag] of cases) {
      setLanguage(image, langid);
      expect((await plan(coreOf(image), sp4({ language: tag }))).refusal, langid).toBeUndefined();
      const other = tag === 'en-US' ? 'de-DE' : 'en-US';
      const refusal = (await plan(coreOf(image), sp4({ language: other }))).refusal;
      expect(refusal?.message, langid).toContain(
        `(${other}) does not match the language of this installation (${tag})`,
      );
    }
  });

  test('language tags compare case-insensitively, and a bare primary tag covers its regions', async () => {
    const image = serverImage();
    expect((await plan(coreOf(image), sp4({ language: 'en-us' }))).refusal).toBeUndefined();
    expect((await plan(coreOf(image), sp4({ language: 'en' }))).refusal).toBeUndefined();
    expect((await plan(coreOf(image), sp4({ language: 'de' }))).refusal?.code).toBe(1603);
  });

  test('a LANGID outside the table is named by number and matches no package', async () => {
    const image = serverImage();
    setLanguage(image, '0436');
    const refusal = (await plan(coreOf(image), sp4())).refusal;
    expect(refusal?.code).toBe(1603);
    expect(refusal?.message).toMatch(/of this installation \(LANGID 0x0436\)/);
  });

  test('a missing InstallLanguage skips the language check', async () => {
    const image = serverImage();
    expect((await plan(coreOf(image), sp4({ language: 'ja-JP' }))).refusal?.code).toBe(1603);
    image.registry.deleteValue(NLS_LANGUAGE, 'InstallLanguage');
    const result = await install(coreOf(image), sp4({ language: 'ja-JP' }), { restart: 'later' });
    expect(result.code, result.message).toBeOneOf([0, 3010]);
    expect(installedServicePack(coreOf(image))).toBe(4);
  });
});

describe('Windows NT 4.0 Enterprise Edition', () => {
  const nt4 = (): ImageCore => coreOf(WinImage.create({ preset: 'nt4-enterprise', servicePack: 3 }));

  test('an NT 4.0 EE SP4 installs on an NT 4.0 EE image; a Server-only one is refused', async () => {
    const core = nt4();
    const serverOnly = buildPackage(
      [{ target: '%SystemRoot%\\system32\\spedition.dll', data: 'nt4', version: '4.0.1381.133' }],
      {
        id: 'NT4-SP4',
        title: 'Windows NT 4.0 Service Pack 4',
        product: 'Windows NT 4.0',
        editions: ['Server'],
      },
    );
    const result = await refused(core, serverOnly);
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/NT4-SP4 is for Server; this machine is Enterprise Edition/);
    const sp = generateNt4ServicePack(core, { level: 4 });
    expect(sp.manifest.editions).toEqual(['Enterprise Edition']);
    const installed = await install(core, sp, { restart: 'later' });
    expect(installed.code, installed.message).toBeOneOf([0, 3010]);
    expect(installedServicePack(core)).toBe(4);
    const hotfix = generateHotfix(core, { id: 'Q180532' });
    expect((await plan(core, hotfix)).refusal).toBeUndefined();
  });
});
