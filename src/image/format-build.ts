/** Building a loaded image from its checked header and entry table (formats 2 and later). */
import { InputError } from '../errors/index.js';
import type { Entry } from './entry.js';
import { decodeEntryTable } from './entry-table.js';
import type { EntryProgress } from './load-progress.js';
import { adoptChecked, setRootMeta, type Header } from './format-check.js';
import type { ImageCore } from './image-core.js';
import { restoreOps } from './op-codec.js';
import type { ContentReader } from './same-content.js';
import { restoreDeletePending, restoreHandles } from './runtime-state.js';
import { upcaseOfSpec } from './volume.js';

/** Format 2: the volumes and their entries from the binary entry table. */
export function buildFromTable(
  image: ImageCore,
  header: Header,
  bytes: Buffer,
  table: { start: number; end: number },
  contents: ContentReader,
  source: string,
  version: number,
  onEntries?: EntryProgress,
): void {
  const volumes = header.volumes.map((spec) =>
    image.addVolume({ ...spec, upcase: upcaseOfSpec(spec.upcase) }),
  );
  let built: Entry[] = [];
  // where the current record is, made into text only for an error (not once per entry)
  const at = { volume: 0, index: 0 };
  const where = (): string => `/volumes/${at.volume}/entries/${at.index}`;
  const fail = (message: string): never => {
    throw new InputError(source, message, where());
  };
  decodeEntryTable(
    bytes,
    table.start,
    table.end,
    header.volumes.map((volume) => volume.entryCount!),
    source,
    (v, record) => {
      const volume = volumes[v];
      if (record.index === 0) {
        built = [volume.root];
        setRootMeta(volume.root, record);
        return;
      }
      at.volume = v;
      at.index = record.index;
      let data: Buffer | undefined;
      if (!record.isDir) {
        data = contents.take(record.size, record.name, where);
        volume.used += volume.allocation(record.size);
      }
      // the record, refilled for every entry (folded names included), is the metadata: rawAdopt copies it
      built[record.index] = adoptChecked(image, built[record.parent], record.name, data, record, fail);
    },
    version,
    onEntries,
  );
}

/** What the header holds besides the volumes: services, processes, events, notes, lists, journal. */
export function buildFromHeader(image: ImageCore, header: Header, blobs: Buffer[], source: string): void {
  for (const s of header.services) image.defineService(s);
  for (const s of header.services)
    if (s.running) restoreHandles(image, image.startService(s.name), s.handles);
  for (const p of header.processes)
    restoreHandles(image, image.startProcess(p.name, { holds: p.holds, session: p.session }), p.handles);
  restoreDeletePending(image, header.deletePending ?? [], source);
  image.events = header.events;
  image.notes.load(header.notes);
  for (const path of header.protectedPaths) image.protectedPaths.add(path);
  for (const path of header.oemPaths ?? []) image.oemPaths.add(path);
  if (header.journal) {
    const j = header.journal;
    image.journal = {
      ...j,
      undo: j.undo.map((ops, i) => restoreOps(ops, blobs, source, `/journal/undo/${i}`)),
      plan: restoreOps(j.plan, blobs, source, '/journal/plan'),
    };
  }
  image.poweredOff = header.poweredOff;
}
