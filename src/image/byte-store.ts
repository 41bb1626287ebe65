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
    return this.core.createLink(parent, name, true, 0o777);
  }

  /** Creates a child file link whose content is `data` (shared, not copied). */
  createFile(parent: StoreLink, name: string, data: Uint8Array): StoreLink {
    const link = this.core.createLink(parent, name, false, 0o666);
    link.getNode()._setBuf(asBuffer(data));
    return link;
  }

  /** Replaces a file's content with `data` (shared, not copied). */
  setContent(link: StoreLink, data: Uint8Array): void {
    link.getNode()._setBuf(asBuffer(data));
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

  /** Moves a link to a new parent and name, keeping its node (and so its subtree). */
  move(link: StoreLink, newParent: StoreLink, newName: string): StoreLink {
    return this.rename(link, newParent, newName);
  }

  private rename(link: StoreLink, newParent: StoreLink, newName: string): StoreLink {
    // memfs's own renameSync has the POSIX behaviours the engine must not inherit; the engine has
    // already decided the Windows rules, so re-link through memfs's public path API.
    const from = link.getPath();
    const to = joinPosix(newParent.getPath(), newName);
    this.volume.renameSync(from, to);
    const moved = newParent.children.get(newName);
    if (!moved) throw new Error(`byte store: rename of ${from} to ${to} left no link`);
    return moved;
  }
}

function joinPosix(parent: string, name: string): string {
  return parent === '/' || parent === '' ? `/${name}` : `${parent}/${name}`;
}

function asBuffer(data: Uint8Array): Buffer {
  return Buffer.isBuffer(data) ? data : Buffer.from(data.buffer, data.byteOffset, data.byteLength);
}
