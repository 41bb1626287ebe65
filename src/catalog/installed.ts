/**
 * The catalogs installed on an image (the CatRoot folder): reading them with their signatures checked,
 * installing new ones, and the base catalog of a fresh image.
 */
import { InputError, WinError } from '../errors/index.js';
import { hashHex, sortedChildren, xxh64, type ImageCore } from '../image/index.js';
import { createDirectory, writeFile } from '../ops/index.js';
import { defaultSigningKey } from '../package/index.js';
import { buildCatalog } from './build.js';
import { encodeCatalog } from './format-encode.js';
import { sha256Hex } from './hash-inline.js';
import { decodeCatalog } from './format-decode.js';
import type { Catalog } from './format.js';
import type { HashPool } from './hash-pool.js';
import { protectedFiles } from './protected.js';
import { imageTrustedKeys } from './trust-store.js';

/** The folder of installed catalogs (the system catalog database's GUID folder). */
export const CATROOT = '%SystemRoot%\\system32\\CatRoot\\{F750E6C3-38EE-11D1-85E5-00C04FC295EE}';

/** The base catalog's file name. */
export const BASE_CATALOG_NAME = 'nt5.cat';

/** A catalog file that could not be used, and why. */
export interface RejectedCatalog {
  path: string;
  reason: string;
}

/** The verified catalogs of an image and a fast membership test over all of them. */
export interface InstalledCatalogs {
  catalogs: Catalog[];
  /** Files in the catalog folder that are not usable catalogs (malformed, truncated, untrusted or tampered). */
  rejected: RejectedCatalog[];
  /** Whether any verified catalog lists content with this SHA-256 (hex, any case). */
  hasHash(sha256: string): boolean;
}

/** A plain file name ending in `.cat`: no folder separators, wildcards, device colon or control characters. */
function isCatalogFileName(name: string): boolean {
  if (!/\.cat$/i.test(name) || /[\\/:*?"<>|]/.test(name)) return false;
  for (let i = 0; i < name.length; i++) if (name.charCodeAt(i) < 0x20) return false;
  return true;
}

/**
 * Reads every file in the catalog folder, verifying each against the image's trusted keys.
 * Files that fail (tampered, truncated, signed by an unknown key, or not in this catalog format)
 * are listed in `rejected` with the reason and otherwise ignored.
 */
export function installedCatalogs(image: ImageCore): InstalledCatalogs {
  const catalogs: Catalog[] = [];
  const rejected: RejectedCatalog[] = [];
  const folder = image.find(image.expand(CATROOT));
  if (folder?.isDir) {
    const trusted = imageTrustedKeys(image);
    for (const file of sortedChildren(folder)) {
      if (file.isDir) continue;
      const path = image.pathOf(file);
      try {
        catalogs.push(decodeCatalog(image.content(file), trusted, file.name));
      } catch (error) {
        if (!(error instanceof InputError || error instanceof WinError)) throw error;
        rejected.push({ path, reason: `not a usable catalog: ${error.message}` });
      }
    }
  }
  const hashes = new Set<string>();
  for (const catalog of catalogs) for (const entry of catalog.entries) hashes.add(entry.sha256);
  return { catalogs, rejected, hasHash: (sha256) => hashes.has(sha256.toLowerCase()) };
}

/**
 * Installs a catalog file into the catalog folder, replacing one of the same name.
 * The bytes are verified first against the image's trusted keys: a bad catalog is refused and the image is unchanged.
 * @throws InputError for a bad file name or malformed/truncated bytes; WinError TRUST_E_NOSIGNATURE (unknown signer)
 *   or TRUST_E_BAD_DIGEST (tampered content).
 */
export function installCatalog(image: ImageCore, name: string, bytes: Uint8Array): void {
  if (!isCatalogFileName(name)) {
    throw new InputError(
      'catalog',
      `'${name}' is not a catalog file name (a plain name ending in .cat)`,
      'name',
    );
  }
  decodeCatalog(bytes, imageTrustedKeys(image), name);
  const folder = image.expand(CATROOT);
  if (!image.find(folder)) createDirectory(image, folder, { recursive: true });
  writeFile(image, `${folder}\\${name}`, bytes);
}

/**
 * Builds `nt5.cat` listing the image's current protected files, signed with the built-in key,
 * and installs it: the baseline that makes a fresh image pass `sfc`.
 * @param options.pool hashes the files in worker threads when the total is large (the caller closes it).
 */
export async function installBaseCatalog(image: ImageCore, options: { pool?: HashPool } = {}): Promise<void> {
  const files = protectedFiles(image).filter((file) => file.entry !== undefined);
  const bytes = await buildCatalog({
    name: BASE_CATALOG_NAME,
    packageId: 'Windows 2000',
    members: files.map((file) => ({ member: file.member, data: image.content(file.entry!) })),
    privateKey: defaultSigningKey().privateKey,
    created: new Date(image.clock).toISOString(),
    ...(options.pool ? { pool: options.pool } : {}),
  });
  installCatalog(image, BASE_CATALOG_NAME, bytes);
}

/**
 * The bytes of the base catalog for the image's current protected files, hashed inline (for image
 * creation, which is synchronous). The same content as `installBaseCatalog` writes.
 */
export function buildBaseCatalogSync(image: ImageCore): Uint8Array {
  const files = protectedFiles(image).filter((file) => file.entry !== undefined);
  return encodeCatalog(
    {
      name: BASE_CATALOG_NAME,
      packageId: 'Windows 2000',
      created: new Date(image.clock).toISOString(),
      entries: files.map((file) => {
        const data = image.content(file.entry!);
        return {
          member: file.member,
          size: data.byteLength,
          xxh64: hashHex(xxh64(data)),
          sha256: sha256Hex(data),
        };
      }),
    },
    defaultSigningKey().privateKey,
  );
}
