import type { Entry, FileMeta } from '../image/index.js';

/** An entry's attributes, version and times, as a write or mkdir that puts it back gives them. */
export function metaOf(entry: Entry): Required<FileMeta> {
  return {
    attributes: entry.attributes,
    version: entry.version ?? null,
    created: entry.created,
    modified: entry.modified,
    createdFraction: entry.createdFraction,
    modifiedFraction: entry.modifiedFraction,
  };
}
