/** Service packs far larger than the image's replaceable files: the rest are planned as new files. */
import { describe, expect, test } from 'vitest';
import { coreOf, profileOf } from '../../src/generate/servicepack/image-facts.js';
import { Random } from '../../src/generate/servicepack/random.js';
import { planFiles } from '../../src/generate/servicepack/service-pack.js';
import { sharedImage } from './servicepack-helpers.js';

describe('planFiles at scale', () => {
  test('200,000 files for a small image plans 200,000 (the new files once overflowed the stack)', () => {
    const core = coreOf(sharedImage());
    const planned = planFiles(core, profileOf(core), { level: 4, files: 200_000, seed: 1 }, new Random(1));
    expect(planned).toHaveLength(200_000);
  });
});
