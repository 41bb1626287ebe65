/**
 * What MoveFileEx refuses about a rename's target (N2, N6, N8, read-only and mapped targets), apart
 * from the door in win32.ts so that each stays readable.
 */
import { WinError } from '../errors/index.js';
import { FILE_ATTRIBUTE, type Entry, type ImageCore, type Location } from '../image/index.js';

/**
 * Where a rename's target leads. A target whose folder is a file is ERROR_INVALID_PARAMETER (N6);
 * a folder missing on the way stays ERROR_PATH_NOT_FOUND.
 */
export function locateTarget(image: ImageCore, to: string): Location {
  try {
    return image.locate(to);
  } catch (error) {
    if (error instanceof WinError && error.code === 'ERROR_PATH_NOT_FOUND') {
      const resolved = image.resolve(to);
      const root = resolved.drive ? `${resolved.drive}:` : `\\${resolved.server}\${resolved.share}`;
      const folder = [root, ...resolved.segments.slice(0, -1)].join('\\');
      if (image.find(folder)?.isDir === false)
        throw new WinError('ERROR_INVALID_PARAMETER', to, `'${folder}' is a file, not a folder`);
    }
    throw error;
  }
}

/** What MoveFileEx refuses about an existing target other than the source (N2, N8, read-only, mapped). */
export function checkReplaceable(
  image: ImageCore,
  source: Entry,
  existing: Entry,
  replace: boolean,
  to: string,
): void {
  if (!replace) throw new WinError('ERROR_ALREADY_EXISTS', to);
  if (existing.isDir || source.isDir)
    throw new WinError('ERROR_ACCESS_DENIED', to, 'a folder cannot replace or be replaced');
  if (existing.attributes & FILE_ATTRIBUTE.readonly)
    throw new WinError('ERROR_ACCESS_DENIED', to, 'the destination is read-only');
  if (existing.mappedBy > 0)
    throw new WinError('ERROR_ACCESS_DENIED', to, 'the destination is a loaded image');
  // whatever their share modes, open handles keep a file from being replaced by a rename (N2)
  const holder = existing.handles?.[0];
  if (holder)
    throw new WinError(
      'ERROR_ACCESS_DENIED',
      to,
      `the destination is open (handle ${holder.id} of process ${holder.pid})`,
    );
}
