/** The working folder: its name, and the members extracted into it (Express: only those the install needs). */
import { hashHex, xxh64 } from '../image/index.js';
import type { Package } from '../package/index.js';
import type { DetailedPlan } from './detailed-plan.js';

/** The working folder's name: 20 hex digits from the manifest, as W2kspN.exe makes a random-looking one. */
export function workingFolderName(pkg: Package): string {
  const hash = hashHex(xxh64(pkg.manifestBytes()));
  return `${hash}${hash.slice(0, 4)}`;
}

/**
 * The bytes of `detail.workingMembers`, in their order: outside Express they are the whole payload in
 * package order; Express names some members, read through `dataOf` (by default, from the package).
 */
export function workingMemberBytes(
  pkg: Package,
  detail: DetailedPlan,
  dataOf: (member: string) => Uint8Array = (member) => pkg.member(member),
): readonly Uint8Array[] {
  if (detail.workingMembers.length === 0) return [];
  return detail.method === 'express' ? detail.workingMembers.map(dataOf) : pkg.memberBytes();
}

/** What an Express install fetches: the members of the files it writes or keeps, and the driver cabinet's. */
export function expressMembers(pkg: Package, detail: DetailedPlan): string[] {
  const needed = new Set<string>();
  for (const planned of detail.files) {
    if (planned.decision.action !== 'skip' && planned.decision.action !== 'oemKept')
      needed.add(planned.file.source);
    if (planned.servicePackCopy) needed.add(planned.file.source);
  }
  for (const member of pkg.manifest.driverCab?.members ?? []) needed.add(member);
  return pkg.members().filter((name) => needed.has(name));
}
