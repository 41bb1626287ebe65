import { Package, type Manifest } from '../../src/package/index.js';
import { payloadFor, sampleManifest, smallHotfix } from './samples.js';

/** A manifest, its payload, and the package built from them with the default signing key. */
export interface BuiltPackage {
  manifest: Manifest;
  payload: Map<string, Uint8Array>;
  built: Package;
}

/** The error `run` throws; fails the test when it does not throw. */
export function caught(run: () => unknown): unknown {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected it to throw');
}

/** The checked-in sample hotfix (Q823980), built. */
export function builtSample(): BuiltPackage {
  const manifest = sampleManifest();
  const payload = payloadFor(manifest);
  return { manifest, payload, built: Package.build(manifest, payload) };
}

/** A small valid hotfix (see `smallHotfix`), built. */
export async function builtHotfix(...args: Parameters<typeof smallHotfix>): Promise<BuiltPackage> {
  const { manifest, payload } = await smallHotfix(...args);
  return { manifest, payload, built: Package.build(manifest, payload) };
}
