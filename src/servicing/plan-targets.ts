/**
 * The plan's checks of where the files go, made on the machine (the manifest alone cannot tell):
 * every target's variable is defined, no two files name one file, and nothing is written to a
 * read-only (CD-ROM) volume. Each refusal names the manifest entries (`/files/<i>/target`).
 */
import type { Entry, ImageCore } from '../image/index.js';
import type { ManifestFile } from '../package/index.js';
import { foldName } from '../path/index.js';
import type { LocatedPath } from './state.js';
import type { FileDecision } from './types.js';

/** At most this many problems are listed in a refusal. */
const SHOWN = 10;

function listed(problems: readonly string[]): string {
  const more = problems.length > SHOWN ? `; and ${problems.length - SHOWN} more` : '';
  return `${problems.slice(0, SHOWN).join('; ')}${more}`;
}

/**
 * The `%NAME%` a target starts with, or undefined; `last`, the variable of the previous target, is
 * given back when it is the same (targets come in runs from one folder).
 */
function rootVariable(target: string, last: string | undefined): string | undefined {
  if (target.charCodeAt(0) !== 0x25) return undefined;
  const end = target.indexOf('%', 1);
  if (end <= 1) return undefined;
  return last !== undefined && last.length === end + 1 && target.startsWith(last)
    ? last
    : target.slice(0, end + 1);
}

/** What keeps copies of one target apart: its hotfix branch and languages (as the manifest check keys them). */
function scopeOf(file: ManifestFile): string {
  if (file.branch === undefined && file.languages === undefined) return '';
  return `|${file.branch ?? ''}|${[...(file.languages ?? [])].sort().join(',')}`;
}

/**
 * Why the targets cannot be installed on this machine, or undefined: a target rooted at a variable
 * the machine does not define (it would land in a folder named `%NAME%`), or two files that name one
 * file (through a variable, a drive path, or a long name and its 8.3 alias) for the same branch and
 * languages. `located[i]` is where `files[i].target` leads.
 */
export function targetNamingProblem(
  image: ImageCore,
  files: readonly ManifestFile[],
  located: readonly LocatedPath[],
): string | undefined {
  const undefinedVariables: string[] = [];
  const defined = new Map<string, boolean>();
  const seen: Seen = {
    byEntry: new Map(),
    byFolder: new Map(),
    byPath: new Map(),
    lastFolder: undefined,
    lastNames: undefined,
  };
  const duplicates: string[] = [];
  let lastVariable: string | undefined;
  for (let i = 0; i < files.length; i++) {
    const target = files[i].target;
    const variable = rootVariable(target, lastVariable);
    if (variable !== undefined) {
      lastVariable = variable;
      let known = defined.get(variable);
      if (known === undefined) defined.set(variable, (known = image.expand(variable) !== variable));
      if (!known) {
        undefinedVariables.push(`/files/${i}/target '${target}': ${variable} is not defined on this machine`);
        continue;
      }
    }
    const first = firstNaming(located[i], scopeOf(files[i]), i, seen);
    if (first !== undefined) {
      duplicates.push(
        `/files/${i}/target '${target}' and /files/${first}/target '${files[first].target}' both name ${located[i].path}`,
      );
    }
  }
  if (undefinedVariables.length > 0) return `a target's variable is undefined: ${listed(undefinedVariables)}`;
  if (duplicates.length > 0) return `duplicate targets: ${listed(duplicates)}`;
  return undefined;
}

interface Seen {
  byEntry: Map<Entry, number>;
  byFolder: Map<Entry, Map<string, number>>;
  byPath: Map<string, number>;
  /** The folder of the last file recorded in `byFolder`, and its names there (files come in runs from one folder). */
  lastFolder: Entry | undefined;
  lastNames: Map<string, number> | undefined;
}

/**
 * The index of an earlier file that names the same file as `place` (by its entry when it exists, by
 * its folder's entry and folded name when the folder does), or undefined after recording this one.
 */
function firstNaming(place: LocatedPath, scope: string, index: number, seen: Seen): number | undefined {
  const { entry, location } = place;
  if (scope === '' && entry !== undefined) {
    const first = seen.byEntry.get(entry);
    if (first === undefined) seen.byEntry.set(entry, index);
    return first;
  }
  if (scope === '' && location?.parent !== undefined) {
    let names = location.parent === seen.lastFolder ? seen.lastNames : seen.byFolder.get(location.parent);
    if (names === undefined) seen.byFolder.set(location.parent, (names = new Map()));
    seen.lastFolder = location.parent;
    seen.lastNames = names;
    const name = location.folded ?? foldName(location.name);
    const first = names.get(name);
    if (first === undefined) names.set(name, index);
    return first;
  }
  const key = `${foldName(place.path)}${scope}`;
  const first = seen.byPath.get(key);
  if (first === undefined) seen.byPath.set(key, index);
  return first;
}

/** The actions that write a file at its target. */
const WRITING: ReadonlySet<FileDecision['action']> = new Set(['replace', 'add', 'inUse']);

/** A planned file as the read-only check sees it. */
interface PlannedWrite {
  index: number;
  decision: FileDecision;
  dllcache: string | undefined;
  servicePackCopy: string | undefined;
}

/**
 * Why the install would write to a CD-ROM volume (which refuses writes, ERROR_WRITE_PROTECT), or
 * undefined: a file's target, its dllcache or ServicePackFiles copy, or one of `others` (the catalog,
 * the driver cabinet, the uninstall folder).
 */
export function readOnlyTargetProblem(
  image: ImageCore,
  planned: readonly PlannedWrite[],
  others: ReadonlyArray<string | undefined>,
): string | undefined {
  const readOnly = new Set(
    image
      .allVolumes()
      .filter((volume) => volume.type === 'cdrom')
      .map((volume) => volume.letter.toUpperCase()),
  );
  if (readOnly.size === 0) return undefined;
  const onReadOnly = (path: string | undefined): boolean =>
    path !== undefined && path.charCodeAt(1) === 0x3a && readOnly.has(path[0].toUpperCase());
  const problems: string[] = [];
  for (const file of planned) {
    const writes = WRITING.has(file.decision.action);
    let path: string | undefined;
    if (writes && onReadOnly(file.decision.target)) path = file.decision.target;
    else if (writes && onReadOnly(file.dllcache)) path = file.dllcache;
    else if (onReadOnly(file.servicePackCopy)) path = file.servicePackCopy;
    if (path !== undefined) problems.push(`/files/${file.index}/target: ${path}`);
  }
  for (const path of others) if (onReadOnly(path)) problems.push(path!);
  if (problems.length === 0) return undefined;
  const letters = [...new Set(problems.map((problem) => /([A-Za-z]):\\/.exec(problem)![1].toUpperCase()))];
  return (
    `the install would write to ${letters.map((letter) => `${letter}:`).join(', ')}, ` +
    `a CD-ROM volume, which is read-only (ERROR_WRITE_PROTECT): ${listed(problems)}`
  );
}
