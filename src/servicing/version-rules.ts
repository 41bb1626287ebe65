/**
 * Which file wins: Windows Installer's default file-versioning rules with the REINSTALLMODE policy
 * knob, and update.exe's additions. Pure: it sees only the facts passed in.
 */
import { InputError } from '../errors/index.js';
import { compareVersions } from '../package/index.js';

/** The file already on the machine. */
export interface InstalledFile {
  version?: string;
  /** Content hash (any stable hex). */
  hash: string;
  created: number;
  modified: number;
  /** Languages of its version resource; absent is language-neutral. */
  languages?: readonly string[];
}

/** The copy in the package. */
export interface PackageFile {
  version?: string;
  hash: string;
  languages?: readonly string[];
}

/** REINSTALLMODE's file letters: which installed files are replaced. */
export interface ReinstallPolicy {
  /** p: only when missing. */
  missing: boolean;
  /** o: missing or older. */
  older: boolean;
  /** e: missing, older or equal. */
  equal: boolean;
  /** d: missing or a different version. */
  different: boolean;
  /** c: missing or a different checksum. */
  checksum: boolean;
  /** a: all files. */
  all: boolean;
}

/** The verdict and the rule that gave it. */
export interface FileVerdict {
  replace: boolean;
  reason: string;
}

/** Parses REINSTALLMODE letters (`'omus'`); `a` forces everything. InputError for unknown letters. */
export function parseReinstallMode(letters: string): ReinstallPolicy {
  const policy: ReinstallPolicy = {
    missing: false,
    older: false,
    equal: false,
    different: false,
    checksum: false,
    all: false,
  };
  const known: Record<string, keyof ReinstallPolicy | null> = {
    p: 'missing',
    o: 'older',
    e: 'equal',
    d: 'different',
    c: 'checksum',
    a: 'all',
    u: null,
    m: null,
    s: null,
    v: null,
  };
  const bad = [...letters.toLowerCase()].filter((letter) => !(letter in known));
  if (bad.length > 0) {
    throw new InputError(
      'REINSTALLMODE',
      `unknown letters '${bad.join('')}' (expected some of p o e d c a u m s v)`,
      letters,
    );
  }
  for (const letter of letters.toLowerCase()) {
    const field = known[letter];
    if (field) policy[field] = true;
  }
  if (
    !policy.missing &&
    !policy.older &&
    !policy.equal &&
    !policy.different &&
    !policy.checksum &&
    !policy.all
  ) {
    policy.missing = true;
  }
  return policy;
}

function languageSet(languages: readonly string[] | undefined): Set<string> {
  return new Set((languages ?? []).map((language) => language.toLowerCase()));
}

/** Equal versions: Windows Installer then looks at the languages. */
function equalVersionByLanguage(
  installed: InstalledFile,
  incoming: PackageFile,
  productLanguage: string | undefined,
): FileVerdict | undefined {
  // a package copy that names no language leaves the choice to the policy, as it always has: the
  // installed file's languages (read from its bytes) are read only for one that names some
  const come = languageSet(incoming.languages);
  if (come.size === 0) return undefined;
  const have = languageSet(installed.languages);
  const product = productLanguage?.toLowerCase();
  if (product && have.size > 0 && !have.has(product) && come.has(product)) {
    return { replace: true, reason: "same version, but the installed file's language is not the product's" };
  }
  const covers = [...have].every((language) => come.has(language));
  if (come.size > have.size && covers)
    return { replace: true, reason: 'same version, the package file covers more languages' };
  if (come.size < have.size)
    return { replace: false, reason: 'same version, the package file covers fewer languages' };
  return undefined;
}

/** The verdict for most files of a service pack: not installed yet (one object for all of them). */
export const MISSING: FileVerdict = Object.freeze({ replace: true, reason: 'the file is missing' });

/**
 * Decides whether the package file replaces the installed one (undefined installed: missing).
 *
 * - missing: installed (every policy includes it)
 * - `a`: always replaced
 * - versioned over unversioned: replaced; unversioned over versioned: kept
 * - both versioned: higher replaces (even in another language); equal is decided by language, then by
 *   the policy (`e`, `d`, `c`); lower is kept unless `d`
 * - both unversioned: modified after creation means the user changed it: kept; else compared by hash
 */
export function decideFile(
  installed: InstalledFile | undefined,
  incoming: PackageFile,
  policy: ReinstallPolicy,
  productLanguage?: string,
): FileVerdict {
  if (!installed) return MISSING;
  if (policy.all) return { replace: true, reason: 'REINSTALLMODE a: every file is replaced' };
  if (policy.missing && !policy.older && !policy.equal && !policy.different && !policy.checksum) {
    return { replace: false, reason: 'REINSTALLMODE p: only missing files are installed' };
  }
  // The installed file's hash may cost a read of its content: only the rules that need it ask.
  if (incoming.version !== undefined && installed.version === undefined) {
    return { replace: true, reason: 'a versioned file replaces an unversioned one' };
  }
  if (incoming.version === undefined && installed.version !== undefined) {
    return { replace: false, reason: 'an unversioned file does not replace a versioned one' };
  }
  if (incoming.version !== undefined && installed.version !== undefined) {
    const order = compareVersions(incoming.version, installed.version);
    if (order > 0)
      return { replace: true, reason: `newer version ${incoming.version} replaces ${installed.version}` };
    if (order < 0) {
      // e replaces an installed file that is equal or older, never a newer one: only d downgrades
      if (policy.different)
        return {
          replace: true,
          reason: `REINSTALLMODE d: older version ${incoming.version} replaces ${installed.version}`,
        };
      return {
        replace: false,
        reason: `installed version ${installed.version} is newer than ${incoming.version} (no downgrade)`,
      };
    }
    const byLanguage = equalVersionByLanguage(installed, incoming, productLanguage);
    if (byLanguage) return byLanguage;
    if (policy.equal)
      return { replace: true, reason: `REINSTALLMODE e: equal version ${incoming.version} replaced` };
    if (policy.checksum && installed.hash !== incoming.hash)
      return { replace: true, reason: 'REINSTALLMODE c: equal version with a different checksum replaced' };
    return { replace: false, reason: `same version ${installed.version} already installed` };
  }
  if (installed.modified > installed.created) {
    return {
      replace: false,
      reason: 'unversioned file modified by the user (modified after created) is kept',
    };
  }
  if (installed.hash === incoming.hash)
    return { replace: false, reason: 'unversioned file with the same content' };
  return { replace: true, reason: 'unversioned file with different content (hash) replaced' };
}
