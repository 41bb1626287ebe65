import { WinImage } from '../../../src/machine/index.js';
import { smallImage } from '../../helpers/small-image.js';

/** A small image (C:, D:, CD-ROM E:) and the fs of its C: drive. */
export function imageWithFs(): { image: WinImage; fs: ReturnType<WinImage['fs']> } {
  const image = WinImage.wrap(smallImage());
  return { image, fs: image.fs('C') };
}

/** Runs a call expected to throw and returns what it threw. */
export function thrown(fn: () => unknown): Record<string, unknown> {
  try {
    fn();
  } catch (error) {
    return error as Record<string, unknown>;
  }
  throw new Error('expected the call to throw');
}
