/**
 * The checks across a manifest's fields that a schema cannot express (levels against kinds, repeated
 * ids, targets and sources, driver cabinet members, AddReg data). They run on the raw input, so that
 * they report even where shapes are wrong.
 */
import type { InputProblem } from '../errors/index.js';
import { FoldedFirsts } from './folded-firsts.js';
import { HOTFIX_ID } from './manifest-schema.js';
import { foldName } from './names.js';
import { addRegProblems } from './registry.js';

export type Raw = Record<string, unknown>;
export const isObject = (value: unknown): value is Raw =>
  typeof value === 'object' && value !== null && !Array.isArray(value);
/** The objects of a list, with their indexes. */
export const objects = (value: unknown): Array<[number, Raw]> =>
  Array.isArray(value)
    ? value.flatMap((item, i) => (isObject(item) ? [[i, item] as [number, Raw]] : []))
    : [];

type Report = (where: string, message: string) => void;

/** Every problem across fields, in the order of the manifest's fields. */
export function crossFieldProblems(raw: Raw): InputProblem[] {
  const problems: InputProblem[] = [];
  const add: Report = (where, message) => problems.push({ where, message });
  identityProblems(raw, add);
  prerequisiteProblems(raw, add);
  const sources = fileListProblems(raw, add);
  driverCabProblems(raw, sources, add);
  for (const [i, instruction] of objects(raw.registry)) {
    if (instruction.op !== 'AddReg') continue;
    for (const [field, message] of addRegProblems(instruction)) add(`/registry/${i}/${field}`, message);
  }
  return problems;
}

/** The level a kind needs, the hotfix id form, and the id lists: no repeats, no self-reference. */
function identityProblems(raw: Raw, add: Report): void {
  const kind = raw.kind;
  if (kind === 'servicePack' && raw.level === undefined) add('/level', 'a service pack must give its level');
  if (kind === 'servicePack' && raw.level === 0) add('/level', 'a service pack level starts at 1');
  if (kind === 'hotfix' && typeof raw.id === 'string' && !HOTFIX_ID.test(raw.id)) {
    add('/id', `a hotfix id must look like Q823980 or KB823980, not '${raw.id}'`);
  }
  repeats(
    raw.editions,
    (edition) => (typeof edition === 'string' ? edition.toLowerCase() : undefined),
    (i, first) => add(`/editions/${i}`, `duplicate edition (same as /editions/${first})`),
  );
  for (const list of ['supersedes', 'includesHotfixes'] as const) {
    repeats(
      raw[list],
      (id) => (typeof id === 'string' ? id.toUpperCase() : undefined),
      (i, first) => add(`/${list}/${i}`, `duplicate id (same as /${list}/${first})`),
    );
    if (Array.isArray(raw[list]) && typeof raw.id === 'string') {
      const own = raw.id.toUpperCase();
      raw[list].forEach((id, i) => {
        if (typeof id === 'string' && id.toUpperCase() === own)
          add(`/${list}/${i}`, 'a package cannot list itself');
      });
    }
  }
}

/** A service pack's prerequisite levels lie below its own. */
function prerequisiteProblems(raw: Raw, add: Report): void {
  const ownLevel = typeof raw.level === 'number' ? raw.level : undefined;
  if (!isObject(raw.prerequisites) || raw.kind !== 'servicePack' || ownLevel === undefined) return;
  const prereq = raw.prerequisites;
  const below = (where: string, value: unknown) => {
    if (typeof value === 'number' && value >= ownLevel) {
      add(where, `prerequisite level ${value} is not below the package's own level ${ownLevel}`);
    }
  };
  below('/prerequisites/minLevel', prereq.minLevel);
  below('/prerequisites/requiresLevel', prereq.requiresLevel);
  if (Array.isArray(prereq.anyOfLevels))
    prereq.anyOfLevels.forEach((l, i) => below(`/prerequisites/anyOfLevels/${i}`, l));
}

/**
 * What makes a file's target its own besides its folded path: for copies meant for a hotfix branch or
 * for languages, those (`|branch|languages`); '' for most files, which have neither.
 */
function targetScope(file: Raw): string {
  const branch = String(file.branch ?? '');
  const languages = Array.isArray(file.languages) ? [...file.languages].map(String).sort().join(',') : '';
  return branch === '' && languages === '' ? '' : `|${branch}|${languages}`;
}

/** The payload names the files use: whether a name is one of them, as spelt. */
type SourceTest = (name: string) => boolean;

/**
 * Repeated targets, repeated or differently spelt sources, and driver files without a cabinet, file by
 * file; gives back the test of which names are sources, for the driver cabinet's members.
 */
function fileListProblems(raw: Raw, add: Report): SourceTest {
  const files = Array.isArray(raw.files) ? (raw.files as unknown[]) : [];
  // a target's key is its folded path and scope: a plain one (no scope, no '|') is found by its
  // folded hash; any other by its key, which holds a '|', so the two never name the same key
  const plainTargets = new FoldedFirsts(files, 'target');
  const targets = new Map<string, number>();
  const foldedSources = new FoldedFirsts(files, 'source');
  const otherSpellings = new Map<string, number>();
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    if (!isObject(file)) continue;
    const target = file.target;
    if (typeof target === 'string') {
      const scope = targetScope(file);
      let first: number | undefined;
      if (scope === '' && !target.includes('|')) first = plainTargets.firstOrAdd(target, i);
      else {
        const key = `${foldName(target)}${scope}`;
        first = targets.get(key);
        if (first === undefined) targets.set(key, i);
      }
      if (first !== undefined)
        add(`/files/${i}/target`, `duplicate target '${target}' (same as /files/${first}, ignoring case)`);
    }
    if (typeof file.source === 'string') sourceProblems(file.source, i);
    if (file.driver === true && !isObject(raw.driverCab))
      add(`/files/${i}/driver`, 'a driver file needs a driverCab');
  }

  /** A repeated source: the same member (same size and sha256) or, reported once, another spelling of one. */
  function sourceProblems(source: string, i: number): void {
    const file = files[i] as Raw;
    let first = foldedSources.firstOrAdd(source, i);
    if (first !== undefined && (files[first] as Raw).source !== source) {
      const same = first;
      first = otherSpellings.get(source);
      if (first === undefined) {
        otherSpellings.set(source, i);
        add(`/files/${i}/source`, `payload name differs only in case from /files/${same}/source`);
      }
    }
    if (first !== undefined) {
      const other = files[first] as Raw;
      if (other.size !== file.size || other.sha256 !== file.sha256) {
        add(`/files/${i}`, `same source as /files/${first} but a different size or sha256`);
      }
    }
  }

  return (name) => {
    const first = foldedSources.first(name);
    return first !== undefined && ((files[first] as Raw).source === name || otherSpellings.has(name));
  };
}

/** Every driver cabinet member is a file's source, once. */
function driverCabProblems(raw: Raw, isSource: SourceTest, add: Report): void {
  if (!isObject(raw.driverCab) || !Array.isArray(raw.driverCab.members)) return;
  raw.driverCab.members.forEach((member, i) => {
    if (typeof member === 'string' && !isSource(member)) {
      add(`/driverCab/members/${i}`, `'${member}' is not the source of any file`);
    }
  });
  repeats(
    raw.driverCab.members,
    (m) => (typeof m === 'string' ? foldName(m) : undefined),
    (i, first) => add(`/driverCab/members/${i}`, `duplicate member (same as /driverCab/members/${first})`),
  );
}

/** Reports each item whose key an earlier item had. */
function repeats(
  list: unknown,
  keyOf: (item: unknown) => string | undefined,
  report: (index: number, first: number) => void,
) {
  if (!Array.isArray(list)) return;
  const seen = new Map<string, number>();
  list.forEach((item, i) => {
    const key = keyOf(item);
    if (key === undefined) return;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else report(i, first);
  });
}
