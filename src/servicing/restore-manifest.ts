/** The restore manifest kept in the uninstall folder: what was replaced or added, and the old registry. */
import { z } from 'zod';
import { InputError } from '../errors/index.js';
import type { RegistryUndo } from './registry-changes.js';

/** One file change of an install. */
export interface FileRecord {
  /** Full path of the changed file. */
  target: string;
  /** `replaced`: the original is in the backup folder; `added`: it did not exist. */
  action: 'replaced' | 'added';
  /** The original's path relative to the backup folder. */
  backup?: string;
}

/** Everything removal needs. */
export interface RestoreManifest {
  format: 1;
  packageId: string;
  kind: 'servicePack' | 'hotfix';
  product: string;
  level?: number;
  previousLevel: number;
  files: FileRecord[];
  /** Folders the install created, parents first. */
  createdDirectories: string[];
  registry: RegistryUndo;
}

/**
 * The manifest of a package installed again over its own earlier install: removal undoes the later
 * install's changes, then the earlier one's, back to the state before the first install.
 */
export function mergeRestoreManifests(earlier: RestoreManifest, later: RestoreManifest): RestoreManifest {
  return {
    ...later,
    previousLevel: earlier.previousLevel,
    files: [...earlier.files, ...later.files],
    createdDirectories: [...earlier.createdDirectories, ...later.createdDirectories],
    registry: {
      values: [...earlier.registry.values, ...later.registry.values],
      createdKeys: [...earlier.registry.createdKeys, ...later.registry.createdKeys],
      // restored in order: the later install's deletions are put back before the earlier one's
      deletedKeys: [...later.registry.deletedKeys, ...earlier.registry.deletedKeys],
    },
  };
}

/** The manifest file's bytes. */
export function encodeRestoreManifest(manifest: RestoreManifest): Uint8Array {
  // written straight from the JSON text: appending the newline first would copy megabytes of it
  const json = JSON.stringify(manifest, null, 1);
  const bytes = Buffer.allocUnsafe(Buffer.byteLength(json, 'utf8') + 1);
  bytes[bytes.write(json, 0, 'utf8')] = 0x0a;
  return bytes;
}

const storedValue = z.object({ type: z.number(), hex: z.string() });

/**
 * Whether a backup path stays inside the uninstall folder it is read from: relative, on no drive,
 * and no name in it only dots and spaces (`..`, or `. .`, which Win32 trims to `..` or to nothing).
 */
function namesFileWithin(backup: string): boolean {
  if (backup.includes(':')) return false;
  return backup.split(/[\\/]/).every((name) => /[^. ]/.test(name));
}

/** What removal reads from the manifest, each field checked (a damaged one must not crash it). */
const RESTORE_MANIFEST_SCHEMA = z.object({
  format: z.literal(1),
  packageId: z.string(),
  kind: z.enum(['servicePack', 'hotfix']),
  product: z.string(),
  level: z.number().optional(),
  previousLevel: z.number(),
  files: z.array(
    z.object({
      target: z.string(),
      action: z.enum(['replaced', 'added']),
      backup: z
        .string()
        .refine(namesFileWithin, 'a backup must be a path inside the uninstall folder (no drive, root or ..)')
        .optional(),
    }),
  ),
  createdDirectories: z.array(z.string()),
  registry: z.object({
    values: z.array(z.object({ key: z.string(), name: z.string(), old: storedValue.nullable() })),
    createdKeys: z.array(z.string()),
    deletedKeys: z.array(
      z.object({ key: z.string(), values: z.array(z.object({ name: z.string(), value: storedValue })) }),
    ),
  }),
});

/** Reads a restore manifest; InputError when it is damaged. */
export function decodeRestoreManifest(bytes: Uint8Array, source: string): RestoreManifest {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch (error) {
    throw new InputError(source, `not JSON: ${(error as Error).message}`);
  }
  const checked = RESTORE_MANIFEST_SCHEMA.safeParse(json);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const where = issue.path.length > 0 ? ` at ${issue.path.join('.')}` : '';
    throw new InputError(source, `not a restore manifest${where}: ${issue.message}`);
  }
  return json as RestoreManifest;
}
