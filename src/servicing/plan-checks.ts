/** The refusals an install checks before it changes anything (codes as update.exe returns them). */
import { PENDING_RENAME_VALUES, SESSION_MANAGER_KEY, decodePendingRenames } from '../boot/index.js';
import { InputError, WinError } from '../errors/index.js';
import type { Entry, ImageCore } from '../image/index.js';
import { foldName } from '../path/index.js';
import { REG_TYPES } from '../registry/index.js';
import type { Package } from '../package/index.js';
import { ServicingRefusal } from './codes.js';
import { describeLanguage, imageEdition, installLanguage, languageMatches } from './edition.js';
import {
  IN_PROGRESS_KEY,
  describeOsProduct,
  installedHotfixes,
  isOsProduct,
  osProduct,
  productLevel,
  terminalServerApplicationMode,
} from './state.js';
import type { InstallOptions } from './types.js';

/** Another install is running: an open transaction or Windows Installer's InProgress marker (1618). */
export function checkNotInProgress(image: ImageCore): void {
  if (image.journal) {
    throw new ServicingRefusal(
      1618,
      `another installation is in progress ('${image.journal.name}' has not finished): restart the computer first`,
    );
  }
  if (image.registry.keyExists(IN_PROGRESS_KEY)) {
    throw new ServicingRefusal(1618, `another installation is in progress (${IN_PROGRESS_KEY} exists)`);
  }
}

/** The paths that file operations queued for the next boot will change: sources and destinations. */
function queuedBootPaths(image: ImageCore): string[] {
  const paths: string[] = [];
  for (const value of [1, 2] as const) {
    const raw = image.registry.getRawValue(SESSION_MANAGER_KEY, PENDING_RENAME_VALUES[value]);
    if (!raw || raw.type !== REG_TYPES.REG_MULTI_SZ) continue;
    for (const entry of decodePendingRenames(raw.bytes, value).entries) {
      for (const path of [entry.source, entry.destination]) {
        if (path?.startsWith('\\??\\')) paths.push(path.slice(4));
      }
    }
  }
  return paths;
}

/** The files a file operation queued for the next boot will change (or has as its source). */
export function queuedBootEntries(image: ImageCore): Set<Entry> {
  const entries = new Set<Entry>();
  for (const path of queuedBootPaths(image)) {
    const entry = image.find(path);
    if (entry) entries.add(entry);
  }
  return entries;
}

/** A path's folded display form, or undefined for a path the image cannot hold. */
function foldedPath(image: ImageCore, path: string): string | undefined {
  try {
    return foldName(image.displayPath(path));
  } catch (error) {
    if (error instanceof WinError || error instanceof InputError) return undefined;
    throw error;
  }
}

/**
 * A restart is pending for one of the package's files: a file operation queued for the next boot (an
 * earlier install's in-use copy, an uninstall's restore, anyone's MoveFileEx) will change it, so what is
 * on disk now is not what the machine will run. Planning against it would back up a copy that is about
 * to be replaced and judge a version that is about to change (a second SP4 with -z would back up the
 * originals as SP4 files), so the install is refused with 1618 and nothing changes, as update.exe refuses
 * while another installation is unfinished; after the restart it can run. A package whose files have
 * nothing queued (a hotfix beside a pending SP's in-use files) is not held back.
 */
export function restartPendingRefusal(
  image: ImageCore,
  files: readonly { target: string }[],
): { code: 1618; message: string } | undefined {
  const queued = queuedBootPaths(image);
  if (queued.length === 0) return undefined;
  const entries = new Set<Entry>();
  const folded = new Set<string>();
  for (const path of queued) {
    const entry = image.find(path);
    if (entry) entries.add(entry);
    const name = foldedPath(image, path);
    if (name !== undefined) folded.add(name);
  }
  const pending = files
    .map((file) => file.target)
    .filter((target) => {
      const entry = image.find(target);
      if (entry && entries.has(entry)) return true;
      const name = foldedPath(image, target);
      return name !== undefined && folded.has(name);
    });
  if (pending.length === 0) return undefined;
  return {
    code: 1618,
    message:
      `a restart is pending: ${pending.length} of the package's files (${pending[0]}${pending.length > 1 ? ', ...' : ''}) ` +
      `have file operations queued for the next boot in PendingFileRenameOperations; restart the computer, then install again. Nothing was changed`,
  };
}

/** Q215465: console session, administrator, install mode on an application server (1640). */
export function checkSession(image: ImageCore): void {
  const { session, administrator, installMode } = image.session;
  if (session !== 0) {
    throw new ServicingRefusal(
      1640,
      `service packs install only from the console (session 0), not from Terminal Server client session ${session} (Q215465)`,
    );
  }
  if (!administrator) {
    throw new ServicingRefusal(
      1640,
      'installing a service pack needs an administrative security context (Q215465)',
    );
  }
  if (terminalServerApplicationMode(image) && !installMode) {
    throw new ServicingRefusal(
      1640,
      "the Terminal Server is in application mode but not in install mode: run 'change user /install' first (Q215465)",
    );
  }
}

/** The package's signature must be trusted (re-verified against `trusted` when given). */
export function checkTrust(pkg: Package, options: InstallOptions): void {
  if (pkg.trust !== 'trusted') {
    throw new ServicingRefusal(
      1603,
      `package ${pkg.id} is not signed by a trusted key (${pkg.trust}): nothing was changed`,
    );
  }
  if (options.trusted) {
    const signer = pkg.signer();
    if (signer === null || !options.trusted.has(signer)) {
      throw new ServicingRefusal(
        1603,
        `package ${pkg.id} is signed by key ${signer ?? '(none)'}, which is not trusted: nothing was changed`,
      );
    }
  }
}

/**
 * The package's editions and language must fit the installed Windows (1603 naming both sides). Only packages of
 * the operating system are checked: another product's `editions` are that product's own (SMS 2.0 `Standard`),
 * not the machine's, and its language is that of its own installation, not the system's `InstallLanguage`
 * (the English SMS 2.0 ran on localized Windows). Editions compare case-insensitively; a check is skipped when
 * the image does not record its `ProductType` or `InstallLanguage` (see {@link imageEdition}, {@link installLanguage}).
 */
export function checkEditionAndLanguage(image: ImageCore, pkg: Package): void {
  const m = pkg.manifest;
  if (!isOsProduct(image, m.product)) return;
  const edition = imageEdition(image);
  if (edition !== undefined && !m.editions.some((e) => e.toLowerCase() === edition.toLowerCase())) {
    throw new ServicingRefusal(
      1603,
      `${m.id} is for ${m.editions.join(', ')}; this machine is ${edition}: nothing was changed`,
    );
  }
  const language = installLanguage(image);
  if (language !== undefined && !languageMatches(m.language, language)) {
    const installed = describeLanguage(language);
    throw new ServicingRefusal(
      1603,
      `${m.id} (${m.language}) does not match the language of this installation (${installed}): ` +
        `install the ${installed} version of ${m.id}; nothing was changed`,
    );
  }
}

/** Product, edition and language, newer level (1638) and prerequisites (SMS 2.0 SP4, NT 4.0 EE SP3): 1603 naming the rule. */
export function checkApplicability(image: ImageCore, pkg: Package): void {
  const m = pkg.manifest;
  if (/^windows/i.test(m.product) && m.product.toLowerCase() !== osProduct(image).toLowerCase()) {
    throw new ServicingRefusal(
      1603,
      `${m.id} is for ${m.product}; this machine runs ${describeOsProduct(image)}: nothing was changed`,
    );
  }
  checkEditionAndLanguage(image, pkg);
  const installed = productLevel(image, m.product);
  const name = isOsProduct(image, m.product) ? '' : `${m.product} `;
  if (m.kind === 'servicePack' && m.level !== undefined && installed > m.level) {
    throw new ServicingRefusal(
      1638,
      `${name}Service Pack ${installed} is installed, newer than ${m.id} (Service Pack ${m.level})`,
    );
  }
  if (m.kind === 'hotfix' && m.level !== undefined && installed > m.level) {
    throw new ServicingRefusal(
      1638,
      `${m.id} was built for ${name}Service Pack ${m.level}; Service Pack ${installed} is installed and newer`,
    );
  }
  const p = m.prerequisites;
  const note = p.note ? ` (${p.note})` : '';
  if (p.anyOfLevels && !p.anyOfLevels.includes(installed)) {
    throw new ServicingRefusal(
      1603,
      `${m.id} installs only on ${p.anyOfLevels.map((level) => `${name}SP${level}`).join(' or ')}; ` +
        `this machine has ${installed === 0 ? 'no service pack' : `SP${installed}`}: upgrade it first${note}`,
    );
  }
  if (p.minLevel !== undefined && installed < p.minLevel) {
    throw new ServicingRefusal(
      1603,
      `${m.id} needs ${name}Service Pack ${p.minLevel} or later; Service Pack ${installed} is installed${note}`,
    );
  }
  if (p.requiresLevel !== undefined && (m.level ?? 0) > p.requiresLevel && installed < p.requiresLevel) {
    throw new ServicingRefusal(
      1603,
      `${name}Service Pack ${p.requiresLevel} must be installed before any later service pack; it may not be skipped${note}`,
    );
  }
  const hotfixes = new Set(installedHotfixes(image).map((id) => id.toUpperCase()));
  const missing = (p.hotfixes ?? []).filter((id) => !hotfixes.has(id.toUpperCase()));
  if (missing.length > 0)
    throw new ServicingRefusal(1603, `${m.id} needs hotfix ${missing.join(', ')} installed first${note}`);
}
