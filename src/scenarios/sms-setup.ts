/**
 * SMS 2.0 site Setup as Q311457 describes it for SP4: which installation methods a service pack's
 * source supports on which site. Setup decides the method; the files and the registry change
 * through the servicing engine (its prerequisite check refuses an upgrade from below SP2, and its plan
 * names the SP3 QFEs that SP4 regresses).
 *
 * Supported with the SP4 source: a new secondary site, a new Administrator console, an upgrade of a
 * primary site, secondary site or console at SP2 or SP3, removing an SP4 site, and modifying or
 * resetting one. Not supported: a new primary site (SP4 only upgrades one), an upgrade from below SP2,
 * and adding optional components to an SP2 or SP3 site with the SP4 image.
 */
import type { ImageCore } from '../image/index.js';
import { createRegistryKey, deleteRegistryKey, removeTree, setRegistryValue } from '../ops/index.js';
import type { Package } from '../package/index.js';
import { install, type InstallOptions } from '../servicing/index.js';
import { succeeded } from './verdict.js';

export const SMS_PRODUCT = 'SMS 2.0';
export const SMS_ROLES = ['primary', 'secondary', 'console'] as const;
export const SMS_SETUP_METHODS = [
  'newPrimarySite',
  'newSecondarySite',
  'newConsole',
  'upgrade',
  'addComponents',
  'modify',
  'remove',
] as const;

/** A site server or an Administrator console. */
export type SmsRole = (typeof SMS_ROLES)[number];
/** What Setup is asked to do. */
export type SmsSetupMethod = (typeof SMS_SETUP_METHODS)[number];

/** The SMS 2.0 installation on a machine. */
export interface SmsSite {
  role: SmsRole;
  servicePack: number;
}

/** The two sources of an SMS service pack: its upgrade and its full installation (the CD). */
export interface SmsMedia {
  upgrade: Package;
  fullInstallation: Package;
}

const SETUP_KEY = 'HKLM\\SOFTWARE\\Microsoft\\SMS\\Setup';
const SMS_KEY = 'HKLM\\SOFTWARE\\Microsoft\\SMS';
const UPDATES_KEY = `HKLM\\SOFTWARE\\Microsoft\\Updates\\${SMS_PRODUCT}`;
const ROLE_BY_METHOD = {
  newPrimarySite: 'primary',
  newSecondarySite: 'secondary',
  newConsole: 'console',
} as const;
const ARTICLE = 'Q311457';

/** The machine's SMS 2.0 site (its role and service pack), or undefined when SMS is not installed. */
export function smsSite(image: ImageCore): SmsSite | undefined {
  const type = image.registry.getValue(SETUP_KEY, 'Type')?.data;
  if (typeof type !== 'string' || !(SMS_ROLES as readonly string[]).includes(type)) return undefined;
  const level = image.registry.getValue(UPDATES_KEY, 'ServicePackLevel')?.data;
  return { role: type as SmsRole, servicePack: typeof level === 'number' ? level : 0 };
}

function describe(site: SmsSite): string {
  const role = site.role === 'console' ? 'an SMS Administrator console' : `an SMS 2.0 ${site.role} site`;
  return `${role} at ${site.servicePack === 0 ? 'no service pack' : `SP${site.servicePack}`}`;
}

function refusal(message: string): { code: number; message: string } {
  return { code: 1603, message: `${message} (${ARTICLE}); nothing was changed` };
}

/** Runs SMS Setup from a service pack's source: a result code and what Setup did or why it refused. */
export async function runSmsSetup(
  image: ImageCore,
  media: SmsMedia,
  method: SmsSetupMethod,
  options: InstallOptions = {},
): Promise<{ code: number; message: string }> {
  const level = media.upgrade.manifest.level ?? 0;
  const site = smsSite(image);
  if (method === 'newPrimarySite' || method === 'newSecondarySite' || method === 'newConsole') {
    if (site) return refusal(`this machine already has ${describe(site)}: upgrade, modify or remove it`);
    if (method === 'newPrimarySite' && level >= 4)
      return refusal(
        `SMS 2.0 SP${level} does not install a new primary site, it only upgrades one: ` +
          'install the site from the SP2 Full Installation CD, then upgrade it',
      );
    createRegistryKey(image, SETUP_KEY);
    setRegistryValue(image, SETUP_KEY, 'Type', 'REG_SZ', ROLE_BY_METHOD[method]);
    const result = await install(image, media.fullInstallation, options);
    if (!succeeded(result.code)) deleteRegistryKey(image, SMS_KEY);
    return { code: result.code, message: `new ${ROLE_BY_METHOD[method]} installation: ${result.message}` };
  }
  if (!site) return refusal(`there is no SMS 2.0 site or console on this machine to ${method}`);
  if (method === 'upgrade') {
    if (site.servicePack >= level)
      return refusal(`${describe(site)} has SP${level} already: modify or reset it instead`);
    const result = await install(image, media.upgrade, options);
    const note = succeeded(result.code) ? '' : ` (${ARTICLE})`;
    return { code: result.code, message: `upgrade of ${describe(site)}: ${result.message}${note}` };
  }
  if (site.servicePack !== level)
    return refusal(
      method === 'addComponents'
        ? `the SP${level} image cannot add optional components to ${describe(site)}: upgrade the site to SP${level} first`
        : `${method} needs a site at SP${level}; this is ${describe(site)}: run the Setup of its own service pack`,
    );
  if (method === 'remove') {
    const folder = image.expand('%SystemDrive%\\SMS');
    const files = image.exists(folder) ? removeTree(image, folder) : 0;
    deleteRegistryKey(image, SMS_KEY);
    if (image.registry.keyExists(UPDATES_KEY)) deleteRegistryKey(image, UPDATES_KEY);
    return { code: 0, message: `removed ${describe(site)} (${files} files and folders)` };
  }
  return {
    code: 0,
    message: `${method === 'modify' ? 'modified' : 'added components to'} ${describe(site)}`,
  };
}
