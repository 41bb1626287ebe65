/**
 * `package build`'s check of the versions a manifest declares against the payload's own files. An
 * install compares the manifest's version with the installed file's, but Windows reads a file's
 * version from its bytes: a manifest that says otherwise would make the install keep or replace
 * files by a version no file has (and the image would record it).
 */
import { InputError, type InputProblem } from '../../errors/index.js';
import { readPeVersion } from '../../host/index.js';
import type { Manifest } from '../../package/index.js';

/** Throws an InputError naming each file whose declared version is not the one its bytes hold. */
export function checkPayloadVersions(
  manifest: Manifest,
  payload: ReadonlyMap<string, Uint8Array>,
  manifestFile: string,
): void {
  const problems: InputProblem[] = [];
  manifest.files.forEach((file, index) => {
    const bytes = payload.get(file.source);
    const own = bytes && readPeVersion(bytes);
    if (own === undefined || own === file.version) return;
    problems.push({
      where: `/files/${index}/version`,
      message:
        file.version === undefined
          ? `'${file.source}' has version ${own} in its version resource: declare it ("version": "${own}")`
          : `declares ${file.version}, but '${file.source}' has version ${own} in its version resource`,
    });
  });
  if (problems.length > 0) throw new InputError(manifestFile, problems);
}
