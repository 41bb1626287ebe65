import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import { WinImage, install, uninstall } from '../../src/machine/index.js';
import type { InstallOptions } from '../../src/servicing/index.js';
import { digestWithoutLogs, serverImage, smallServicePack } from '../servicing/helpers.js';
import { coreOf } from '../../src/machine/internal.js';

const sp4 = smallServicePack();

type Step =
  | { kind: 'install'; options: InstallOptions }
  | { kind: 'uninstall' }
  | { kind: 'write' }
  | { kind: 'setValue' }
  | { kind: 'yield'; how: 'microtask' | 'immediate' };

const step: fc.Arbitrary<Step> = fc.oneof(
  fc
    .constantFrom<InstallOptions>({ noBackup: true }, {}, { restart: 'later' })
    .map((options) => ({ kind: 'install' as const, options })),
  fc.constant<Step>({ kind: 'uninstall' }),
  fc.constant<Step>({ kind: 'write' }),
  fc.constant<Step>({ kind: 'setValue' }),
  fc.constantFrom<Step>({ kind: 'yield', how: 'microtask' }, { kind: 'yield', how: 'immediate' }),
);

/** A servicing operation that was accepted, to replay alone on a reference image. */
type Accepted =
  | { kind: 'install'; options: InstallOptions }
  | { kind: 'uninstall' }
  | { kind: 'write' | 'setValue'; n: number };

function base(): WinImage {
  const image = serverImage();
  image.mkdir('C:\\Caller');
  return image;
}

function callerChange(image: WinImage, kind: 'write' | 'setValue', n: number): void {
  if (kind === 'write') image.writeFile(`C:\\Caller\\w${n}.txt`, `write ${n}`);
  else image.registry.setValue('HKLM\\SOFTWARE\\Caller', `v${n}`, 'REG_DWORD', n);
}

async function replay(image: WinImage, accepted: readonly Accepted[]): Promise<void> {
  for (const item of accepted) {
    coreOf(image).session.installMode = true;
    if (item.kind === 'install') await install(image, sp4, item.options);
    else if (item.kind === 'uninstall') await uninstall(image, 'W2K-SP4');
    else callerChange(image, item.kind, item.n);
  }
}

describe('the servicing lock under random interleavings (issue 14, symptom 2)', () => {
  test('installs, uninstalls and caller changes interleaved at random: each is done whole or refused with 1618, and the image is exactly what running the accepted ones one by one gives', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(step, { minLength: 1, maxLength: 8 }), async (steps) => {
        const image = base();
        const start = image.fork();
        const running: Promise<void>[] = [];
        const accepted: Array<{ order: number; item: Accepted }> = [];
        let order = 0;
        for (const [n, s] of steps.entries()) {
          if (s.kind === 'yield') {
            await (s.how === 'microtask' ? Promise.resolve() : new Promise((r) => setImmediate(r)));
          } else if (s.kind === 'install' || s.kind === 'uninstall') {
            const mine = order++;
            coreOf(image).session.installMode = true;
            const started =
              s.kind === 'install' ? install(image, sp4, s.options) : uninstall(image, 'W2K-SP4');
            running.push(
              started.then((result) => {
                if (result.code !== 1618) accepted.push({ order: mine, item: s });
                if (s.kind === 'install') expect([0, 1641, 3010, 1618]).toContain(result.code);
              }),
            );
          } else {
            try {
              callerChange(image, s.kind, n);
              accepted.push({ order: order++, item: { kind: s.kind, n } });
            } catch (error) {
              expect(error).toBeInstanceOf(WinError);
              expect((error as WinError).errno).toBe(1618);
            }
          }
        }
        await Promise.all(running);
        expect(coreOf(image).journal).toBeUndefined();
        await replay(
          start,
          accepted.sort((a, b) => a.order - b.order).map((a) => a.item),
        );
        expect(digestWithoutLogs(coreOf(image))).toBe(digestWithoutLogs(coreOf(start)));
        expect(image.reboot().counts.failed).toBe(0);
        start.reboot();
        expect(digestWithoutLogs(coreOf(image))).toBe(digestWithoutLogs(coreOf(start)));
      }),
      { numRuns: 25, seed: 14 },
    );
  }, 120_000);
});
