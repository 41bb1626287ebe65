/** Small inputs for sweep tests: the small server's image file and the tiny SP4's package file. */
import { reboot } from '../../src/boot/index.js';
import { encodeImage, type ImageCore } from '../../src/image/index.js';
import { install } from '../../src/servicing/index.js';
import { forkCore } from '../helpers/recovery-sweep.js';
import { smallServer, tinyServicePack } from '../servicing/small-server.js';

export const imageBytes = (core: ImageCore): Uint8Array => Buffer.concat(encodeImage(core));

export interface SmallInputs {
  image: Uint8Array;
  sp4: Uint8Array;
  /** The image after `install -z`: renames queued for the boot. */
  pending: Uint8Array;
  /** The image with SP4 installed and booted. */
  installed: Uint8Array;
}

export async function smallInputs(): Promise<SmallInputs> {
  const base = smallServer();
  const sp4 = tinyServicePack();
  const pending = forkCore(base);
  await install(pending, sp4, { switches: '-z' });
  const installed = forkCore(base);
  await install(installed, sp4);
  reboot(installed);
  return {
    image: imageBytes(base),
    sp4: sp4.toBytes(),
    pending: imageBytes(pending),
    installed: imageBytes(installed),
  };
}
