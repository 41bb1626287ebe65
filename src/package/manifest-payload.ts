/** A manifest against its package payload: every file's member there, with its size and hashes, and no other. */
import type { InputProblem } from '../errors/index.js';
import { hashHex, xxh64 } from '../image/index.js';
import { sha256Hex } from './hashes.js';
import type { Raw } from './manifest-rules.js';
import { payloadNameProblem } from './names.js';

/** Every mismatch between the manifest's files (raw, with their indexes) and the payload. */
export function payloadProblems(
  files: Array<[number, Raw]>,
  payload: ReadonlyMap<string, Uint8Array>,
): InputProblem[] {
  const problems: InputProblem[] = [];
  const described = new Set<string>();
  for (const [i, file] of files) {
    if (typeof file.source !== 'string') continue;
    described.add(file.source);
    const bytes = payload.get(file.source);
    if (!bytes) {
      problems.push({ where: `/files/${i}/source`, message: `'${file.source}' is not in the payload` });
      continue;
    }
    problems.push(...memberProblems(i, file, file.source, bytes));
  }
  for (const name of payload.keys()) {
    const problem = payloadNameProblem(name);
    if (problem) problems.push({ where: `payload:${name}`, message: `unsafe member name: ${problem}` });
    else if (!described.has(name))
      problems.push({
        where: `payload:${name}`,
        message: 'member is not described by any file in the manifest',
      });
  }
  return problems;
}

/** Where file `i`'s size and hashes differ from its member's bytes. */
function memberProblems(i: number, file: Raw, source: string, bytes: Uint8Array): InputProblem[] {
  const problems: InputProblem[] = [];
  if (typeof file.size === 'number' && file.size !== bytes.length) {
    problems.push({
      where: `/files/${i}/size`,
      message: `is ${file.size} but payload member '${source}' has ${bytes.length} bytes`,
    });
  }
  if (typeof file.sha256 === 'string' && file.sha256 !== sha256Hex(bytes)) {
    problems.push({ where: `/files/${i}/sha256`, message: `does not match payload member '${source}'` });
  }
  if (typeof file.xxh64 === 'string' && file.xxh64 !== hashHex(xxh64(bytes))) {
    problems.push({ where: `/files/${i}/xxh64`, message: `does not match payload member '${source}'` });
  }
  return problems;
}
