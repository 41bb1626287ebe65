import { ChildIndex, type Entry } from './entry.js';
import type { ImageCore } from './image-core.js';
import type { Journal } from './primitive.js';

/**
 * Copies every volume, processes, services, handles, events and journal of
 * `source` into the empty image `target` (which the caller creates with a clone of the registry). File content buffers are shared, never copied: content is
 * never written in place, so the two images stay independent.
 */
export function copyImage(source: ImageCore, target: ImageCore): void {
  const entryMap = new Map<Entry, Entry>();
  const held = heldEntries(source);
  for (const volume of source.allVolumes()) {
    const copy = target.addVolume(volume.options());
    copyTree({ source, held, map: entryMap }, volume.root, copy.root);
    copy.used = volume.used;
  }
  copyRuntime(source, target, entryMap);
}

/**
 * The entries a process maps or a handle holds: the only ones whose copies the runtime state needs
 * (a map of every entry cost a fork of 500,000 files about a third more per file than one of 50,000).
 */
function heldEntries(source: ImageCore): Set<Entry> {
  const held = new Set<Entry>();
  for (const process of source.processTable.values()) for (const entry of process.mapped) held.add(entry);
  for (const { entry } of source.handleTable.all()) held.add(entry);
  return held;
}

interface TreeCopy {
  source: ImageCore;
  held: ReadonlySet<Entry>;
  /** Each held entry's copy. */
  map: Map<Entry, Entry>;
}

function copyTree(tree: TreeCopy, dir: Entry, copyDir: Entry): void {
  const { source, held, map } = tree;
  copyDir.attributes = dir.attributes;
  copyDir.created = dir.created;
  copyDir.createdFraction = dir.createdFraction;
  copyDir.modified = dir.modified;
  copyDir.modifiedFraction = dir.modifiedFraction;
  if (held.has(dir)) map.set(dir, copyDir);
  const copyChildren = copyDir.children!;
  const copyAliases = copyDir.shortChildren!;
  // the source's folded keys are the copy's (the same upcase table): no name is folded again
  dir.children!.forEach((child, folded) => {
    const copy = copyEntry(source, child, copyDir);
    copyChildren.set(folded, copy);
    const alias = child.shortName;
    if (alias) copyAliases.set(isFoldedAscii(alias) ? alias : copyChildren.fold(alias), copy);
    if (child.isDir) copyTree(tree, child, copy);
    else if (held.has(child)) map.set(child, copy);
  });
}

/**
 * Whether `text` is ASCII without a lower-case letter: what every upcase table folds to itself (as
 * an 8.3 alias made here is). Cheaper than folding it, which calls out to the host's upper case.
 */
function isFoldedAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x80 || (unit >= 0x61 && unit <= 0x7a)) return false;
  }
  return true;
}

/**
 * A copy of `child` under `parent`, not yet in its indexes; a folder's copy is empty. A file keeps
 * its bytes shared (on its copy's entry, like a loaded file) and its cached hash.
 *
 * An object literal of its own rather than newEntry's: V8 sees that what this one allocates lives on
 * and then allocates it in the old generation (pretenuring), so that a large fork's entries are not
 * copied by the young generation's scavenges (newEntry's, made all through an image's life, never
 * get that decision). Its properties are newEntry's, in its order: one hidden class for every entry.
 */
function copyEntry(source: ImageCore, child: Entry, parent: Entry): Entry {
  const isDir = child.isDir;
  return {
    name: child.name,
    shortName: child.shortName,
    parent,
    isDir,
    children: isDir ? new ChildIndex(parent.children!.upcase) : undefined,
    shortChildren: isDir ? new Map() : undefined,
    link: undefined,
    pending: isDir ? undefined : child.link ? source.content(child) : child.pending,
    attributes: child.attributes,
    version: child.version,
    created: child.created,
    createdFraction: child.createdFraction,
    modified: child.modified,
    modifiedFraction: child.modifiedFraction,
    size: isDir ? 0 : child.size,
    contentHash: isDir ? undefined : child.contentHash,
    mappedBy: 0,
    handles: undefined,
    deletePending: false,
  };
}

/**
 * The journal's own arrays are copied (recovery pops them); its operations are shared like file
 * content, since nothing changes an operation or its bytes in place. (`structuredClone` copied the
 * whole buffer under every byte view, the generated content pool included: half a second a fork.)
 */
function copyJournal(journal: Journal): Journal {
  return {
    ...journal,
    undo: journal.undo.map((step) => [...step]),
    plan: [...journal.plan],
    context: { ...journal.context },
  };
}

function copyRuntime(source: ImageCore, target: ImageCore, map: Map<Entry, Entry>): void {
  target.clock = source.clock;
  target.session = { ...source.session };
  target.systemDrive = source.systemDrive;
  target.events = source.events.map((e) => ({ ...e }));
  target.journal = source.journal ? copyJournal(source.journal) : undefined;
  target.notes.load(source.notes.saved());
  for (const path of source.protectedPaths) target.protectedPaths.add(path);
  for (const path of source.oemPaths) target.oemPaths.add(path);
  for (const service of source.serviceTable.values()) target.defineService(service);
  const pidMap = new Map<number, number>();
  for (const process of source.processTable.values()) {
    const holds = process.mapped.map((e) => target.pathOf(map.get(e)!));
    const options = {
      holds,
      session: process.session,
      ...(process.service ? { service: process.service } : {}),
    };
    const pid = target.startProcess(process.name, options);
    pidMap.set(process.pid, pid);
  }
  for (const [key, service] of source.serviceTable) {
    const copy = target.serviceTable.get(key);
    if (copy && service.pid !== undefined) copy.pid = pidMap.get(service.pid);
  }
  for (const { record, entry } of source.handleTable.all()) {
    const pid = pidMap.get(record.pid);
    if (pid === undefined) continue;
    const copy = map.get(entry)!;
    target.handleTable.restore(copy, pid, record.access, record.share, target.pathOf(copy));
  }
  // after every handle is open again: a delete-pending entry refuses new opens (N3)
  for (const [entry, copy] of map) if (entry.deletePending && copy.handles) copy.deletePending = true;
  target.poweredOff = source.poweredOff;
}
