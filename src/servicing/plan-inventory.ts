/** The plan's inventory: every file's target found, decided and tallied, and the working folder's members. */
import type { ImageCore } from '../image/index.js';
import type { Package } from '../package/index.js';
import type { SpaceTally } from './costing.js';
import { NO_BRANCH_CHOICE, branchChoice, decide, type DecideContext } from './plan-decide.js';
import { tallyFile } from './plan-tally.js';
import { targetNamingProblem } from './plan-targets.js';
import type { DetailedPlan } from './detailed-plan.js';
import { expressMembers, workingFolderName } from './plan-working.js';
import {
  DLLCACHE,
  SERVICE_PACK_FILES,
  componentInstalled,
  pathFormer,
  pathLocator,
  type LocatedPath,
} from './state.js';
import { parseReinstallMode } from './version-rules.js';

/** Finds, decides and tallies every file; a problem with the targets is returned, before any is decided. */
export function inventory(
  image: ImageCore,
  pkg: Package,
  detail: DetailedPlan,
  tally: SpaceTally,
): string | undefined {
  const m = pkg.manifest;
  const form = pathFormer(image);
  const locate = pathLocator(image);
  // two passes over the files: find the targets, then decide and tally (docs/performance.md)
  const files = m.files;
  const located = new Array<LocatedPath>(files.length);
  const targetsOf = new Map<string, string[]>();
  let branchedOrLocalized = false;
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const place = locate(file.target);
    located[i] = place;
    if (file.branch !== undefined || file.languages !== undefined) branchedOrLocalized = true;
    if (!file.optionalComponent) continue;
    const list = targetsOf.get(file.optionalComponent);
    if (list) list.push(place.path);
    else targetsOf.set(file.optionalComponent, [place.path]);
  }
  const naming = targetNamingProblem(image, files, located);
  if (naming) return naming;
  const present = new Map<string, boolean>();
  const componentPresent = (component: string): boolean => {
    let known = present.get(component);
    if (known === undefined) {
      known = componentInstalled(image, component, targetsOf.get(component) ?? []);
      present.set(component, known);
    }
    return known;
  };
  const options = detail.options;
  const context: DecideContext = {
    image,
    pkg,
    options,
    method: detail.method,
    componentPresent,
    policy: parseReinstallMode(options.forceReinstall ? 'amus' : (options.reinstallMode ?? 'omus')),
    servicePackFiles: form(SERVICE_PACK_FILES),
    dllcache: undefined,
  };
  const dllcacheFolder = image.find(form(DLLCACHE));
  if (dllcacheFolder?.isDir)
    context.dllcache = {
      volume: image.volumeOf(dllcacheFolder),
      dir: dllcacheFolder,
      path: image.pathOf(dllcacheFolder),
    };
  const otherBranch = branchedOrLocalized
    ? branchChoice(
        image,
        files,
        located.map((place) => place.path),
      )
    : NO_BRANCH_CHOICE;
  const decisions = detail.plan.files;
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const { path, entry, location } = located[i];
    const planned = decide(context, file, i, path, entry?.isDir ? undefined : entry, otherBranch.get(file));
    if (location) planned.location = location;
    detail.files.push(planned);
    decisions.push(planned.decision);
    tallyFile(image, tally, planned, detail);
  }
  const working = detail.plan.costing.workingVolume;
  if (working) {
    detail.workingFolder = `${working}:\\${workingFolderName(pkg)}`;
    detail.workingMembers = detail.method === 'express' ? expressMembers(pkg, detail) : pkg.members();
  }
  return undefined;
}
