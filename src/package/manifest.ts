/**
 * Validating a manifest: its shapes through the zod schema (manifest-schema.ts) and its file entries
 * through their own check (manifest-file.ts), the rules across
 * its fields (manifest-rules.ts) and, when given, its payload (manifest-payload.ts); every problem
 * with the JSON pointer of where it is.
 */
import { InputError, type InputProblem } from '../errors/index.js';
import { jsonSyntaxErrorOffset, lineColumn } from './json-syntax.js';
import { payloadProblems } from './manifest-payload.js';
import { crossFieldProblems, isObject, objects } from './manifest-rules.js';
import { manifestCheckSchema } from './manifest-schema.js';
import type { Manifest, ValidateOptions } from './manifest-types.js';

export { manifestSchema } from './manifest-schema.js';
export type {
  Manifest,
  ManifestFile,
  PostInstallTask,
  Prerequisites,
  ValidateOptions,
} from './manifest-types.js';

/** Escapes one JSON-pointer segment (RFC 6901). */
function pointerSegment(segment: PropertyKey): string {
  return String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
}

/** The JSON pointer of a path (`['files', 12, 'version']` is `/files/12/version`). */
export function jsonPointer(path: readonly PropertyKey[]): string {
  return path.map((segment) => `/${pointerSegment(segment)}`).join('');
}

function check(json: unknown, options: ValidateOptions): { problems: InputProblem[]; manifest?: Manifest } {
  const problems: InputProblem[] = [];
  const result = manifestCheckSchema.safeParse(json);
  if (!result.success) {
    for (const issue of result.error.issues) {
      if (issue.code === 'unrecognized_keys') {
        for (const key of issue.keys) {
          problems.push({ where: jsonPointer([...issue.path, key]), message: `unknown field '${key}'` });
        }
      } else {
        problems.push({ where: jsonPointer(issue.path), message: issue.message });
      }
    }
  }
  if (isObject(json)) {
    problems.push(...crossFieldProblems(json));
    if (options.payload) problems.push(...payloadProblems(objects(json.files), options.payload));
  }
  return { problems, manifest: result.success ? result.data : undefined };
}

/**
 * Every problem of a manifest, each with the JSON pointer of where it is (`/files/12/version`); empty when it is valid.
 * Problems that are not inside the manifest (payload members) use `payload:<name>`.
 */
export function manifestProblems(json: unknown, options: ValidateOptions = {}): InputProblem[] {
  return check(json, options).problems;
}

/**
 * Checks a manifest and returns it typed, with defaults filled in (empty `supersedes`, `registry`...).
 * Throws one `InputError` carrying every problem, each with its JSON pointer.
 * With `options.payload` it also checks the manifest against the package payload.
 */
export function validateManifest(
  json: unknown,
  source = 'manifest',
  options: ValidateOptions = {},
): Manifest {
  const { problems, manifest } = check(json, options);
  if (problems.length > 0 || !manifest) throw new InputError(source, problems);
  return manifest;
}

/**
 * Parses manifest JSON text and validates it. A JSON syntax error is an `InputError` at `line:column`.
 */
export function parseManifest(text: string, source = 'manifest', options: ValidateOptions = {}): Manifest {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const offset = jsonSyntaxErrorOffset(text);
    throw new InputError(
      source,
      `not valid JSON: ${message}`,
      offset === undefined ? '' : lineColumn(text, offset),
    );
  }
  return validateManifest(json, source, options);
}

/** The uninstall backup folder name under `%SystemRoot%`: `$NTServicePackUninstall$` or `$NtUninstallQ823980$`. */
export function uninstallFolderName(manifest: Pick<Manifest, 'kind' | 'id'>): string {
  return manifest.kind === 'servicePack' ? '$NTServicePackUninstall$' : `$NtUninstall${manifest.id}$`;
}
