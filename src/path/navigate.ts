import { validateName } from './names.js';
import { formatPath } from './format.js';
import type { ResolvedPath } from './types.js';

/** The folder holding `p`, or `undefined` for a drive root or a share's root. */
export function parentPath(p: ResolvedPath): ResolvedPath | undefined {
  if (p.segments.length === 0) return undefined;
  return { ...p, segments: p.segments.slice(0, -1) };
}

/** `p` with one more name appended; the name is validated first (see {@link validateName}). */
export function childPath(p: ResolvedPath, name: string): ResolvedPath {
  validateName(name, `${formatPath(p)}${p.segments.length ? '\\' : ''}${name}`);
  return { ...p, segments: [...p.segments, name] };
}
