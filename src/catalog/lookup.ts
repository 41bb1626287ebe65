/**
 * Fast questions about a verified catalog.
 */
import type { Catalog } from './format.js';

/** A membership test: is a content with this SHA-256 (hex, any case) listed in the catalog? */
export function catalogLookup(catalog: Catalog): (sha256: string) => boolean {
  const hashes = new Set(catalog.entries.map((entry) => entry.sha256));
  return (sha256) => hashes.has(sha256.toLowerCase());
}
