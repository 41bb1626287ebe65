/**
 * The servicing benchmark's `Map` floor does the engine's install: after the same service pack, the
 * floor's maps hold the same files (paths, bytes and versions, on every drive) and the same registry
 * values as the engine's image. Three files' bytes are compared by path only, as the floor writes
 * them in its own simple formats: the catalog (text lines and a signature, where the engine writes
 * its catalog format with a creation time), the restore record (spuninst.json) and Svcpack.log
 * (whose lines carry the image clock's times). Times and attributes are not compared: the floor has
 * none.
 */
import { describe, expect, it } from 'vitest';
import { generateServicePack } from '../../src/generate/index.js';
import { WinImage, install } from '../../src/machine/index.js';
import { Package, defaultSigningKey } from '../../src/package/index.js';
import { floorInstall, floorKey, floorMachineOf, type FloorMachine } from '../../bench/install-floor.js';
import { filesOf, registryOf } from '../../bench/install-floor-machine.js';

/** Files whose bytes the floor writes in a format of its own. */
const OWN_FORMAT = /\\(SP4\.CAT|SPUNINST\.JSON|SVCPACK\.LOG)$/;

/** Every way the floor's machine differs from the engine's image (at most 20 listed). */
function differences(floor: FloorMachine, engine: WinImage): string[] {
  const found: string[] = [];
  const { files, versions } = filesOf(engine);
  for (const [key, data] of files) {
    const mine = floor.files.get(key);
    if (mine === undefined) found.push(`missing from the floor: ${key}`);
    else if (!OWN_FORMAT.test(key) && Buffer.compare(Buffer.from(mine), Buffer.from(data)) !== 0)
      found.push(`other bytes: ${key}`);
    if (floor.versions.get(key) !== versions.get(key)) found.push(`other version: ${key}`);
  }
  for (const key of floor.files.keys()) if (!files.has(key)) found.push(`only in the floor: ${key}`);
  const registry = registryOf(engine);
  for (const [id, value] of registry) {
    const mine = floor.registry.get(id);
    if (
      !mine ||
      mine.type !== value.type ||
      Buffer.compare(Buffer.from(mine.bytes), Buffer.from(value.bytes)) !== 0
    )
      found.push(`other registry value: ${id.replace('\0', ' ')}`);
  }
  for (const id of floor.registry.keys())
    if (!registry.has(id)) found.push(`registry value only in the floor: ${id}`);
  return found.slice(0, 20);
}

async function bothInstalled(imageFiles: number, spFiles: number) {
  const image = WinImage.create({ files: imageFiles, seed: 1 });
  const bytes = generateServicePack(image, { level: 4, files: spFiles, seed: 1 }).toBytes();
  const floor = floorMachineOf(image);
  const key = defaultSigningKey();
  const outcome = floorInstall(floor, bytes, { trusted: key.publicKey, signer: key.privateKey });
  const engine = image.fork();
  const result = await install(engine, Package.fromBytes(bytes), { noRestart: true });
  return { image, floor, outcome, engine, result };
}

describe('the Map floor of the install benchmark', () => {
  it("ends with the engine's files, versions and registry values after the generated SP4", async () => {
    const { floor, outcome, engine, result } = await bothInstalled(3_000, 300);
    expect(result.code).toBe(3010);
    expect(outcome.queued).toBe(result.queuedRenames);
    expect(outcome.queued).toBeGreaterThan(0);
    expect(differences(floor, engine)).toEqual([]);
  });

  it('would be caught leaving out the backups, the working folder or the queued renames', async () => {
    const { floor, engine } = await bothInstalled(3_000, 300);
    const backups = `${floor.systemRoot.toUpperCase()}\\$NTSERVICEPACKUNINSTALL$\\`;
    const withoutBackups: FloorMachine = {
      ...floor,
      files: new Map(
        [...floor.files].filter(([key]) => !key.startsWith(backups) || key.endsWith('SPUNINST.JSON')),
      ),
    };
    expect(
      differences(withoutBackups, engine).some((line) => line.startsWith('missing from the floor')),
    ).toBe(true);
    const withoutRenames: FloorMachine = {
      ...floor,
      files: new Map([...floor.files].filter(([key]) => !/\.NEW\d*$/.test(key))),
    };
    expect(differences(withoutRenames, engine)).not.toEqual([]);
    expect(floorKey('C:\\WINNT\\x.dll')).toBe('C:\\WINNT\\X.DLL');
  });
});
