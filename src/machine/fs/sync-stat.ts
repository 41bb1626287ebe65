import { literalPath } from '../../path/index.js';
import { resolve, type FsContext } from './context.js';
import { ImageFsError, translate } from './errors.js';
import { callOptions, encoded } from './options.js';
import { plainPath } from './paths.js';
import { ImageStats, bigIntStats } from './stats.js';

/** The Stats of an entry at a full path. */
export function statsAt(ctx: FsContext, full: string, syscall: string, given: string): ImageStats {
  const stat = translate(syscall, given, () => ctx.image.stat(full));
  return new ImageStats(stat, ctx.drive.charCodeAt(0), ctx.ino(literalPath(stat.path)));
}

function statSync(ctx: FsContext, syscall: string, path: unknown, options?: unknown): unknown {
  const { raw } = callOptions(options);
  const { given, full } = resolve(ctx, path, syscall);
  try {
    const stats = statsAt(ctx, full, syscall, given);
    return raw.bigint ? bigIntStats(stats) : stats;
  } catch (error) {
    if (raw.throwIfNoEntry === false && (error as ImageFsError).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Node's realpath on Windows resolves links and keeps the caller's spelling; `realpath.native`
 * (GetFinalPathNameByHandle) returns the stored case. The image has no links.
 */
function realpathSync(ctx: FsContext, native: boolean, path: unknown, options?: unknown): string | Buffer {
  const { encoding } = callOptions(options);
  const { given, full } = resolve(ctx, path, 'realpath');
  const stat = translate(native ? 'realpath' : 'lstat', given, () => ctx.image.stat(full));
  const text = native ? stat.path : plainPath(full);
  return options === 'buffer' || (options as { encoding?: string })?.encoding === 'buffer'
    ? Buffer.from(text)
    : (encoded(Buffer.from(text), encoding ?? 'utf8') as string);
}

/** An existing entry is not a link: readlink's EINVAL, as Node reports it. */
function readlinkSync(ctx: FsContext, path: unknown, options?: unknown): string {
  callOptions(options);
  const { given, full } = resolve(ctx, path, 'readlink');
  translate('readlink', given, () => ctx.image.stat(full));
  throw new ImageFsError('EINVAL', 'readlink', { path: given });
}

/** The sync calls that describe entries. */
export function statCalls(ctx: FsContext) {
  const realpath = Object.assign(
    (path: unknown, options?: unknown) => realpathSync(ctx, false, path, options),
    {
      native: (path: unknown, options?: unknown) => realpathSync(ctx, true, path, options),
    },
  );
  return {
    statSync: (path: unknown, options?: unknown) => statSync(ctx, 'stat', path, options),
    lstatSync: (path: unknown, options?: unknown) => statSync(ctx, 'lstat', path, options),
    realpathSync: realpath,
    readlinkSync: (path: unknown, options?: unknown) => readlinkSync(ctx, path, options),
  };
}
