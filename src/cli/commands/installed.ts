import type { WinImage } from '../../machine/index.js';
import { table } from '../output.js';

/** Where update.exe records what it installed, one key per package id, as Add/Remove Programs lists them. */
const UNINSTALL_KEY = 'HKLM\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Uninstall';
const UNINSTALLER = /\\spuninst\\spuninst\.exe$/i;
const SERVICE_PACK_FOLDER = /\\\$NTServicePackUninstall\$$/i;

/** A service pack or hotfix installed in an image: the id `svcpack uninstall` takes. */
export interface InstalledPackage {
  id: string;
  title: string;
  kind: 'servicePack' | 'hotfix';
  /** Its uninstall folder is there (not removed, not installed with -n): `svcpack uninstall` can remove it. */
  removable: boolean;
}

/** The packages update.exe (or svcpack) installed, from their uninstall entries. */
export function installedPackages(image: WinImage): InstalledPackage[] {
  const text = (key: string, name: string): string => {
    const value = image.registry.getValue(key, name)?.data;
    return typeof value === 'string' ? value : '';
  };
  if (!image.registry.keyExists(UNINSTALL_KEY)) return [];
  return image.registry.listSubkeys(UNINSTALL_KEY).flatMap((id) => {
    const key = `${UNINSTALL_KEY}\\${id}`;
    const uninstaller = text(key, 'UninstallString');
    if (!UNINSTALLER.test(uninstaller)) return [];
    const folder = uninstaller.replace(UNINSTALLER, '');
    return [
      {
        id,
        title: text(key, 'DisplayName'),
        // by its folder: a service pack's id may be a KB number too (Windows XP SP3 is KB936929)
        kind: SERVICE_PACK_FOLDER.test(folder) ? ('servicePack' as const) : ('hotfix' as const),
        removable: image.exists(folder),
      },
    ];
  });
}

/** The installed packages as lines for `image info`. */
export function describeInstalled(installed: readonly InstalledPackage[]): string[] {
  if (installed.length === 0) return ['installed packages: none'];
  return [
    'installed packages (remove with: svcpack uninstall IMAGE ID):',
    ...table(
      installed.map((p) => [
        `  ${p.id}`,
        p.kind === 'hotfix' ? 'hotfix' : 'service pack',
        p.removable ? 'removable' : 'no uninstall folder',
        p.title,
      ]),
    ),
  ];
}
