/**
 * The floor of a boot: a plain JavaScript `Map` of files by upper-cased full path doing the same
 * decode, lookups and moves as the session manager does for a queue of files (B2-B4, B7-B10, B14,
 * B16, B17). No log, no undo, no report objects beyond one outcome per entry: what any in-memory
 * engine must at least do. The boot benchmark measures the engine against it.
 */

/** A file or folder of the floor. */
export interface FloorNode {
  /** The full path as stored, `C:\WINNT\x.dll`. */
  path: string;
  isDir: boolean;
  readOnly: boolean;
}

/** Outcome counts of a floor boot. */
export interface FloorCounts {
  renamed: number;
  replaced: number;
  deleted: number;
  failed: number;
}

const NT_PREFIX = '\\??\\';

/** The floor's machine: every file and folder by upper-cased full path. */
export function floorFiles(nodes: Iterable<FloorNode>): Map<string, FloorNode> {
  const files = new Map<string, FloorNode>();
  for (const node of nodes) files.set(node.path.toUpperCase(), node);
  return files;
}

/** Decodes a queue value as the engine does (one UTF-16 decode, split on NUL, the list terminator dropped). */
function decode(bytes: Uint8Array): string[] {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const strings = buffer.toString('utf16le', 0, bytes.byteLength & ~1).split('\0');
  if (strings.length >= 2 && strings[strings.length - 1] === '' && strings[strings.length - 2] === '') {
    strings.length -= 2;
  }
  return strings;
}

/** Processes a queue over the floor's files, in place; returns the outcome counts. */
export function floorBoot(files: Map<string, FloorNode>, queue: Uint8Array): FloorCounts {
  const counts: FloorCounts = { renamed: 0, replaced: 0, deleted: 0, failed: 0 };
  const strings = decode(queue);
  for (let i = 0; i + 1 < strings.length; i += 2) {
    const outcome = runOne(files, strings[i], strings[i + 1]);
    counts[outcome]++;
  }
  return counts;
}

function runOne(files: Map<string, FloorNode>, rawSource: string, rawDestination: string): keyof FloorCounts {
  if (!rawSource.startsWith(NT_PREFIX)) return 'failed';
  const sourceKey = rawSource.slice(4).toUpperCase();
  const source = files.get(sourceKey);
  if (source === undefined || source.isDir) return 'failed';
  if (rawDestination === '') {
    if (source.readOnly) return 'failed';
    files.delete(sourceKey);
    return 'deleted';
  }
  const replace = rawDestination[0] === '!';
  const destination = replace ? rawDestination.slice(1) : rawDestination;
  if (!destination.startsWith(NT_PREFIX)) return 'failed';
  const path = destination.slice(4);
  const key = path.toUpperCase();
  if (key.slice(0, 2) !== sourceKey.slice(0, 2)) return 'failed';
  const parent = files.get(key.slice(0, key.lastIndexOf('\\')));
  if (parent === undefined || !parent.isDir) return 'failed';
  const existing = files.get(key);
  if (existing !== undefined && (!replace || existing.isDir)) return 'failed';
  files.delete(sourceKey);
  files.set(key, { path, isDir: false, readOnly: source.readOnly });
  return existing === undefined ? 'renamed' : 'replaced';
}
