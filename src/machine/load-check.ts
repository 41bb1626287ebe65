/**
 * The checks of a loaded image that need the layers above the image file: whatever loads must boot.
 * The file format checks every field (src/image); what a journal's operations or the boot's notes
 * mean is known only to the ops, boot and catalog layers, so they are tried here.
 */
import { imageTrustedKeys, TRUSTED_KEYS_NOTE } from '../catalog/index.js';
import { hasInterruptedBoot } from '../boot/index.js';
import { InputError } from '../errors/index.js';
import { copyImage, ImageCore } from '../image/index.js';

/** Whether the image was saved in the middle of something its next boot must finish. */
function midOperation(core: ImageCore): boolean {
  return core.journal !== undefined || core.poweredOff || hasInterruptedBoot(core);
}

/**
 * Refuses, with an InputError naming `source`, a loaded image that could never be used: signer keys
 * in its notes that are not keys, or (for an image saved mid-operation, with a journal, a power cut or
 * a boot's notes) a next boot that fails. That boot is tried on a copy, with `boot`.
 */
export function checkLoadedImage(core: ImageCore, source: string, boot: (copy: ImageCore) => void): void {
  try {
    imageTrustedKeys(core);
  } catch (error) {
    throw new InputError(
      source,
      `the signer keys are not keys: ${String(error)}`,
      `header /notes/${TRUSTED_KEYS_NOTE.name}`,
    );
  }
  if (!midOperation(core)) return;
  const trial = new ImageCore({ registry: core.registry.clone() });
  copyImage(core, trial);
  try {
    boot(trial);
  } catch (error) {
    const what = core.journal ? `its journal '${core.journal.name}' cannot be recovered` : 'it cannot boot';
    throw new InputError(
      source,
      `${what}: ${error instanceof Error ? error.message : String(error)}`,
      'header',
    );
  }
}
