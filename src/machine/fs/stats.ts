import { constants } from 'node:fs';
import type { AttributeName, FileStat } from '../../image/index.js';

const { S_IFREG, S_IFDIR, S_IFMT } = constants;
/** What libuv on Windows reports: read and write for everyone, no write bits when read-only. */
const READ_WRITE = 0o666;
const READ_ONLY = 0o444;
const BLOCK = 4096;

/** An image holds only files and folders: never a link, a device, a FIFO or a socket. */
abstract class FileOrFolder {
  abstract isFile(): boolean;
  abstract isDirectory(): boolean;
  isSymbolicLink(): boolean {
    return false;
  }
  isBlockDevice(): boolean {
    return false;
  }
  isCharacterDevice(): boolean {
    return false;
  }
  isFIFO(): boolean {
    return false;
  }
  isSocket(): boolean {
    return false;
  }
}

/** Node's `fs.Stats` for an image entry, plus Windows' attributes and version resource. */
export class ImageStats extends FileOrFolder {
  dev: number;
  ino: number;
  mode: number;
  nlink = 1;
  uid = 0;
  gid = 0;
  rdev = 0;
  size: number;
  blksize = BLOCK;
  blocks: number;
  atimeMs: number;
  mtimeMs: number;
  ctimeMs: number;
  birthtimeMs: number;
  atime: Date;
  mtime: Date;
  ctime: Date;
  birthtime: Date;
  /** Windows' attributes (`readonly`, `hidden`, `system`, ...). */
  attributes: AttributeName[];
  /** The file's version resource, when it has one. */
  version?: string;

  constructor(stat: FileStat, dev: number, ino: number) {
    super();
    const permissions = stat.attributes.includes('readonly') ? READ_ONLY : READ_WRITE;
    this.dev = dev;
    this.ino = ino;
    this.mode = (stat.isDirectory ? S_IFDIR : S_IFREG) | permissions;
    this.size = stat.size;
    this.blocks = Math.ceil(stat.allocated / 512);
    this.atimeMs = this.mtimeMs = this.ctimeMs = stat.modified;
    this.birthtimeMs = stat.created;
    this.atime = new Date(stat.modified);
    this.mtime = new Date(stat.modified);
    this.ctime = new Date(stat.modified);
    this.birthtime = new Date(stat.created);
    this.attributes = stat.attributes;
    if (stat.version !== undefined) this.version = stat.version;
  }

  isFile(): boolean {
    return (this.mode & S_IFMT) === S_IFREG;
  }
  isDirectory(): boolean {
    return (this.mode & S_IFMT) === S_IFDIR;
  }
}

/** Node's `fs.Dirent`: a name in a folder and what it is. */
export class ImageDirent extends FileOrFolder {
  constructor(
    readonly name: string,
    private readonly directory: boolean,
    /** The folder the entry is in, as the caller named it. */
    readonly parentPath: string,
  ) {
    super();
  }

  /** Node's deprecated alias of `parentPath`. */
  get path(): string {
    return this.parentPath;
  }
  isFile(): boolean {
    return !this.directory;
  }
  isDirectory(): boolean {
    return this.directory;
  }
}

const NUMBER_FIELDS = [
  'dev',
  'ino',
  'mode',
  'nlink',
  'uid',
  'gid',
  'rdev',
  'size',
  'blksize',
  'blocks',
] as const;
const TIME_FIELDS = ['atime', 'mtime', 'ctime', 'birthtime'] as const;

/** Node's `BigIntStats` (`stat(path, { bigint: true })`): the same fields as bigints, plus nanosecond times. */
export function bigIntStats(stats: ImageStats): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const field of NUMBER_FIELDS) result[field] = BigInt(stats[field]);
  for (const field of TIME_FIELDS) {
    const ms = stats[`${field}Ms`];
    result[`${field}Ms`] = BigInt(ms);
    result[`${field}Ns`] = BigInt(ms) * 1_000_000n;
    result[field] = new Date(ms);
  }
  for (const method of [
    'isFile',
    'isDirectory',
    'isSymbolicLink',
    'isBlockDevice',
    'isCharacterDevice',
    'isFIFO',
    'isSocket',
  ] as const)
    result[method] = () => stats[method]();
  result.attributes = stats.attributes;
  if (stats.version !== undefined) result.version = stats.version;
  return result;
}
