/** The edition and the language of the installed Windows, read from the registry the way Windows itself does. */
import type { ImageCore } from '../image/index.js';
import { osProduct } from './state.js';

/** `ProductType` (`WinNT`, `ServerNT`, `LanmanNT`) and `ProductSuite` (`Enterprise`, `DataCenter`...). */
export const PRODUCT_OPTIONS_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\ProductOptions';
/** `InstallLanguage` (the LANGID Setup installed, hex such as `0409`) and `Default`. */
export const NLS_LANGUAGE_KEY = 'HKLM\\SYSTEM\\CurrentControlSet\\Control\\Nls\\Language';

/** LANGIDs of the languages Windows NT 4.0 and Windows 2000 shipped in, with their language tags. */
const LANGUAGE_TAGS: ReadonlyMap<number, string> = new Map([
  [0x0401, 'ar-SA'],
  [0x0404, 'zh-TW'],
  [0x0405, 'cs-CZ'],
  [0x0406, 'da-DK'],
  [0x0407, 'de-DE'],
  [0x0408, 'el-GR'],
  [0x0409, 'en-US'],
  [0x040b, 'fi-FI'],
  [0x040c, 'fr-FR'],
  [0x040d, 'he-IL'],
  [0x040e, 'hu-HU'],
  [0x0410, 'it-IT'],
  [0x0411, 'ja-JP'],
  [0x0412, 'ko-KR'],
  [0x0413, 'nl-NL'],
  [0x0414, 'nb-NO'],
  [0x0415, 'pl-PL'],
  [0x0416, 'pt-BR'],
  [0x0419, 'ru-RU'],
  [0x041d, 'sv-SE'],
  [0x041f, 'tr-TR'],
  [0x0804, 'zh-CN'],
  [0x0809, 'en-GB'],
  [0x0816, 'pt-PT'],
  [0x0c04, 'zh-HK'],
  [0x0c0a, 'es-ES'],
]);

/** The language Setup installed: its LANGID and, when the table knows it, its tag. */
export interface InstallLanguage {
  /** The LANGID (`0x0409`). */
  langid: number;
  /** The language tag (`'en-US'`); undefined for a LANGID outside the table. */
  tag?: string;
}

function registryData(image: ImageCore, key: string, name: string): unknown {
  return image.registry.getValue(key, name)?.data;
}

/** The language tag of a LANGID (`0x0407` or `'0407'` is `'de-DE'`); undefined when it is not in the table. */
export function languageTag(langid: number | string): string | undefined {
  const id = typeof langid === 'number' ? langid : parseLangid(langid);
  return id === undefined ? undefined : LANGUAGE_TAGS.get(id);
}

function parseLangid(text: string): number | undefined {
  return /^[0-9a-f]{1,4}$/i.test(text.trim()) ? parseInt(text.trim(), 16) : undefined;
}

/** How a LANGID reads in messages: the tag when known, else `LANGID 0x0436`. */
export function describeLanguage(language: InstallLanguage): string {
  return language.tag ?? `LANGID 0x${language.langid.toString(16).padStart(4, '0').toUpperCase()}`;
}

/**
 * The language the image was installed in, from `Nls\Language` `InstallLanguage` (a hex LANGID such as `0409`).
 * Undefined when the value is missing or is not a hex LANGID: the language check is then skipped, as an image
 * that does not record its language cannot be matched against a package's.
 */
export function installLanguage(image: ImageCore): InstallLanguage | undefined {
  const data = registryData(image, NLS_LANGUAGE_KEY, 'InstallLanguage');
  const langid = typeof data === 'string' ? parseLangid(data) : undefined;
  if (langid === undefined) return undefined;
  const tag = LANGUAGE_TAGS.get(langid);
  return tag === undefined ? { langid } : { langid, tag };
}

/**
 * Whether a package's language tag covers the installed language (case-insensitive; a bare primary tag such
 * as `'de'` covers every `de-*`, as in RFC 4647 basic filtering).
 */
export function languageMatches(packageLanguage: string, installed: InstallLanguage): boolean {
  if (installed.tag === undefined) return false;
  const range = packageLanguage.toLowerCase();
  const tag = installed.tag.toLowerCase();
  return tag === range || tag.startsWith(`${range}-`);
}

/**
 * The edition of the installed Windows, as Windows derives it from `ProductOptions`: `ProductType` `WinNT` is
 * the workstation (Professional; NT 4.0 Workstation), `ServerNT` and `LanmanNT` (a domain controller) are
 * servers; a server's `ProductSuite` naming `DataCenter` is Datacenter Server and `Enterprise` is Advanced
 * Server (Enterprise Edition on NT 4.0). `Terminal Server` in the suite does not change the edition.
 * Undefined when `ProductType` is missing or unknown: the edition check is then skipped.
 */
export function imageEdition(image: ImageCore): string | undefined {
  const type = registryData(image, PRODUCT_OPTIONS_KEY, 'ProductType');
  const suiteData = registryData(image, PRODUCT_OPTIONS_KEY, 'ProductSuite');
  const suites = (Array.isArray(suiteData) ? suiteData : typeof suiteData === 'string' ? [suiteData] : [])
    .filter((suite): suite is string => typeof suite === 'string')
    .map((suite) => suite.toLowerCase());
  const product = osProduct(image);
  if (type === 'WinNT') {
    if (product === 'Windows NT 4.0') return 'Workstation';
    if (product === 'Windows XP' && suites.includes('personal')) return 'Home Edition';
    return 'Professional';
  }
  if (type !== 'ServerNT' && type !== 'LanmanNT') return undefined;
  const datacenter = suites.includes('datacenter');
  const enterprise = suites.includes('enterprise');
  if (product === 'Windows NT 4.0') return enterprise ? 'Enterprise Edition' : 'Server';
  if (product === 'Windows Server 2003') {
    if (datacenter) return 'Datacenter Edition';
    if (enterprise) return 'Enterprise Edition';
    return suites.includes('blade') ? 'Web Edition' : 'Standard Edition';
  }
  if (datacenter) return 'Datacenter Server';
  return enterprise ? 'Advanced Server' : 'Server';
}
