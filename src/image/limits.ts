/** What the image file can store, checked where changes come in so that whatever is accepted can be saved. */

/**
 * The longest file version string the engine keeps, in UTF-16 units. Real version resources are
 * short (`5.0.2195.6717`, or a string FileVersion such as `5.00.2195.6717 (SP4.030616-1142)`); the
 * limit keeps a version inside one entry-table field whatever its characters are.
 */
export const MAX_FILE_VERSION_LENGTH = 255;

/** Why `version` cannot be a file's version (`null` and undefined mean none), or undefined if it can. */
export function fileVersionProblem(version: unknown): string | undefined {
  if (version === undefined || version === null) return undefined;
  if (typeof version !== 'string') return 'a file version must be a string or null';
  if (version.length > MAX_FILE_VERSION_LENGTH)
    return `a file version is at most ${MAX_FILE_VERSION_LENGTH} characters (this one has ${version.length})`;
  return undefined;
}
