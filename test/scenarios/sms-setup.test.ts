/**
 * Q311457: SMS 2.0 SP4 Setup, every installation method against every kind of site it can meet.
 * Refusals return 1603 and change nothing; what is supported changes the site through the engine.
 */
import { describe, expect, it } from 'vitest';
import { generateSmsServicePack } from '../../fixtures/index.js';
import type { ImageCore } from '../../src/image/index.js';
import { digestImage } from '../../src/image/index.js';
import { WinImage } from '../../src/machine/index.js';
import {
  runSmsSetup,
  smsSite,
  SMS_SETUP_METHODS,
  type SmsMedia,
  type SmsRole,
  type SmsSetupMethod,
} from '../../src/scenarios/index.js';
import { coreOf } from '../../src/machine/internal.js';

const media = (level: number): SmsMedia => ({
  upgrade: generateSmsServicePack({ level }),
  fullInstallation: generateSmsServicePack({ level, fullInstallation: true }),
});
const sources = [1, 2, 3, 4].map(media);
const NEW_METHOD = {
  primary: 'newPrimarySite',
  secondary: 'newSecondarySite',
  console: 'newConsole',
} as const;

/** A machine with an SMS site of this role at this level (from that level's full installation), or none. */
async function machineWith(site?: { role: SmsRole; level: number }): Promise<ImageCore> {
  const image = coreOf(WinImage.create({ seed: 11 }));
  if (site) {
    // SP4 does not install a primary site: an SP4 primary site is an SP2 one upgraded
    const first = site.role === 'primary' && site.level === 4 ? 2 : site.level;
    const created = await runSmsSetup(image, sources[first - 1]!, NEW_METHOD[site.role], { noRestart: true });
    expect(created.code, created.message).toBe(0);
    if (first !== site.level) {
      const upgraded = await runSmsSetup(image, sources[site.level - 1]!, 'upgrade', { noRestart: true });
      expect(upgraded.code, upgraded.message).toBe(0);
    }
  }
  return image;
}

/** What SP4 Setup returns for each method on each site, as Q311457 lists the supported methods. */
function expectedCode(method: SmsSetupMethod, site?: { role: SmsRole; level: number }): number {
  if (method.startsWith('new')) return !site && method !== 'newPrimarySite' ? 0 : 1603;
  if (!site) return 1603;
  if (method === 'upgrade') return site.level === 2 || site.level === 3 ? 0 : 1603;
  return site.level === 4 ? 0 : 1603;
}

const SITES: ({ role: SmsRole; level: number } | undefined)[] = [undefined];
for (const role of ['primary', 'secondary', 'console'] as const)
  for (const level of [1, 2, 3, 4]) SITES.push({ role, level });

describe('Q311457: SMS 2.0 SP4 Setup methods', () => {
  for (const site of SITES) {
    const label = site ? `${site.role} site at SP${site.level}` : 'a machine without SMS';
    for (const method of SMS_SETUP_METHODS) {
      const expected = expectedCode(method, site);
      it(`Q311457: ${method} on ${label} returns ${expected}`, async () => {
        const image = await machineWith(site);
        const before = digestImage(image);
        const result = await runSmsSetup(image, sources[3]!, method, { noRestart: true });
        expect(result.code, result.message).toBe(expected);
        if (expected === 1603) {
          expect(result.message).toContain('Q311457');
          expect(digestImage(image), `${method} refused, but changed the image`).toBe(before);
        } else if (method === 'remove') {
          expect(smsSite(image)).toBeUndefined();
          expect(image.exists('C:\\SMS')).toBe(false);
        } else {
          const role = site?.role ?? (method === 'newConsole' ? 'console' : 'secondary');
          expect(smsSite(image)).toEqual({ role, servicePack: 4 });
        }
      });
    }
  }

  it('Q311457: the SP2 full installation installs a new primary site that SP4 then upgrades', async () => {
    const image = await machineWith({ role: 'primary', level: 2 });
    expect(smsSite(image)).toEqual({ role: 'primary', servicePack: 2 });
    expect((await runSmsSetup(image, sources[3]!, 'upgrade', { noRestart: true })).code).toBe(0);
    expect(smsSite(image)).toEqual({ role: 'primary', servicePack: 4 });
  });
});
