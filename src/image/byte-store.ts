/**
 * The byte store: one memfs volume per drive. This module is the only place that touches memfs;
 * it builds links directly on memfs's superblock so that creating, forking and loading an image
 * can share content buffers instead of copying them (content buffers are never written in place:
 * a change always installs a new buffer).
 */
import { Volume } from 'memfs';

/** The parts of memfs's inode the engine uses. */
export interface StoreNode {
  buf: Buffer;
  isDirectory(): boolean;
  _setBuf(buf: Buffer): void;
}

/** The parts of memfs's link (directory entry) the engine uses. */
export interface StoreLink {
  getNode(): StoreNode;
  getName(): string;
  getPath(): string;
  children: Map<string, StoreLink | undefined>;
}

interface Superblock {
  root: StoreLink;
  createLink(parent: StoreLink, name: string, isDirectory?: boolean, mode?: number): StoreLink;
  deleteLink(link: StoreLink): boolean;
}

const EMPTY = Buffer.alloc(0);

/** A drive's byte store. */
export class ByteStore {
  readonly volume: Volume;
  private readonly core: Superblock;

  constructor() {
    this.volume = new Volume();
    this.core = (this.volume as unknown as { _core: Superblock })._core;
  }

  get root(): StoreLink {
    return this.core.root;
  }

  /** Creates a child folder link. */
  createDirectory(parent: StoreLink, name: string): StoreLink {
    return inBulk(() => this.core.createLink(parent, name, true, 0o777));
  }

  /** Creates a child file link whose content is `data` (shared, not copied). */
  createFile(parent: StoreLink, name: string, data: Uint8Array): StoreLink {
    const link = inBulk(() => this.core.createLink(parent, name, false, 0o666));
    link.getNode()._setBuf(asBuffer(data));
    shareFileParts(link as unknown as RawLink);
    return link;
  }

  /** Replaces a file's content with `data` (shared, not copied). */
  setContent(link: StoreLink, data: Uint8Array): void {
    link.getNode()._setBuf(asBuffer(data));
    shareTimes(link.getNode() as unknown as RawNode);
  }

  /** The file's content as a view of the stored buffer (do not modify it). */
  content(link: StoreLink, size: number): Buffer {
    const buf = link.getNode().buf;
    return buf.length === size ? buf : buf.subarray(0, size);
  }

  /** Removes a link (a file, or a folder that the engine has checked is empty). */
  remove(link: StoreLink): void {
    if (link.getNode().isDirectory()) link.getNode()._setBuf(EMPTY);
    this.core.deleteLink(link);
  }

  /**
   * Moves a link to a new parent and name, keeping its node (and so its subtree). memfs's own
   * renameSync has the POSIX behaviours the engine must not inherit (it replaces a non-empty folder,
   * it drops a subtree moved into itself) and re-resolves both paths; the engine has already decided
   * the Windows rules and holds both links, so it relinks directly.
   */
  move(link: StoreLink, newParent: StoreLink, newName: string): StoreLink {
    const raw = link as unknown as RawLink;
    const target = newParent as unknown as RawLink;
    if (target.children.has(newName))
      throw new Error(`byte store: '${newName}' is taken in ${newParent.getPath()}`);
    raw.parent!.deleteChild(raw);
    raw.name = newName;
    raw.steps = [...target.steps, newName];
    target.setChild(newName, raw);
    return link;
  }
}

/** memfs's link, as far as relinking and sharing need it. */
interface RawLink {
  parent: RawLink | undefined;
  name: string;
  steps: string[];
  children: Map<string, RawLink | undefined>;
  changes: unknown;
  deleteChild(link: RawLink): void;
  setChild(name: string, link: RawLink): RawLink;
  getNode(): RawNode;
}

/** memfs's node, as far as sharing needs it. */
interface RawNode {
  changes: unknown;
  atime: Date;
  mtime: Date;
  ctime: Date;
  btime: Date;
}

/** The children of every file link: none, ever. */
class NoChildren extends Map<string, RawLink | undefined> {
  override set(name: string): this {
    throw new Error(`byte store: a file cannot hold '${name}'`);
  }
}

/**
 * What file links and nodes share. memfs gives each link a child map and a change emitter, and each
 * node an emitter and four dates, about 1.2 KB a file. Here a file never has children, nothing
 * listens to a link or a node (the engine watches nothing in memfs), and the engine keeps its own
 * times: one of each serves every file.
 */
const shared = {
  children: new NoChildren(),
  changes: undefined as unknown,
  time: new Date(0),
};

function shareFileParts(link: RawLink): void {
  // memfs's emitter class, made once from the first link's own
  shared.changes ??= new (link.changes as { constructor: new () => unknown }).constructor();
  link.children = shared.children;
  link.changes = shared.changes;
  const node = link.getNode();
  node.changes = shared.changes;
  shareTimes(node);
}

function shareTimes(node: RawNode): void {
  // mtime first: memfs's setter stamps ctime with a new date
  node.mtime = shared.time;
  node.ctime = shared.time;
  node.atime = shared.time;
  node.btime = shared.time;
}

/** `data` as a Buffer over the same memory (no copy). */
export function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}

let bulkDepth = 0;
let ids: { uid: number; gid: number } | undefined;

/**
 * Runs a synchronous build of byte-store nodes. memfs asks the operating system for the uid and gid
 * of every node it creates (several system calls each); for the duration of `fn` it gets answers
 * taken once per process instead, and the originals are put back.
 */
export function inBulk<T>(fn: () => T): T {
  const host = process as { getuid?: () => number; getgid?: () => number };
  const { getuid, getgid } = host;
  if (bulkDepth > 0 || !getuid || !getgid) return fn();
  // memfs only stamps nodes with these (the engine never uses memfs permissions), so once per process.
  ids ??= { uid: getuid.call(process), gid: getgid.call(process) };
  const { uid, gid } = ids;
  bulkDepth++;
  host.getuid = () => uid;
  host.getgid = () => gid;
  try {
    return fn();
  } finally {
    host.getuid = getuid;
    host.getgid = getgid;
    bulkDepth--;
  }
}
