import { describe, expect, test } from 'vitest';
import { digestImage } from '../../src/image/index.js';
import { coreOf } from '../../src/machine/internal.js';
import { install, uninstall } from '../../src/servicing/index.js';
import { serverImage, smallServicePack } from './helpers.js';

const MANIFEST = 'C:\\WINNT\\$NTServicePackUninstall$\\spuninst.json';

type Damage = [string, (manifest: Record<string, unknown>) => unknown];

describe('a damaged restore manifest', () => {
  test.each<Damage>([
    ['without its product', (m: Record<string, unknown>) => delete m.product],
    [
      'with a file entry that names no target',
      (m: Record<string, unknown>) => ((m.files as object[])[0] = {}),
    ],
    [
      'with a registry value that has no bytes',
      (m: Record<string, unknown>) =>
        ((m.registry as { values: unknown[] }).values[0] = { key: 'HKLM\\SOFTWARE', name: 'x', old: {} }),
    ],
    ...['..\\..\\boot.ini', 'C:\\boot.ini', '\\WINNT\\win.ini', 'system32\\..\\..\\x.dll', ''].map(
      (backup) =>
        [
          `with a backup path that leaves the uninstall folder ('${backup}')`,
          (m: Record<string, unknown>) => {
            const files = m.files as { action: string; backup?: string }[];
            files.find((file) => file.action === 'replaced')!.backup = backup;
          },
        ] satisfies Damage,
    ),
  ])('%s: removal is refused with 1603 naming the file, and nothing changes', async (_, damage) => {
    const image = serverImage();
    await install(coreOf(image), smallServicePack());
    coreOf(image).session.installMode = true;
    const manifest = JSON.parse(image.readFile(MANIFEST).toString()) as Record<string, unknown>;
    damage(manifest);
    image.writeFile(MANIFEST, JSON.stringify(manifest));
    const before = digestImage(coreOf(image));
    const result = await uninstall(coreOf(image), 'W2K-SP4');
    expect(result.code).toBe(1603);
    expect(result.message).toMatch(/spuninst\.json: not a restore manifest/);
    expect(digestImage(coreOf(image))).toBe(before);
  });
});
