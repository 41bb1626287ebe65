/** Applying parsed `.reg` changes straight to a store (tests, and the image builder before the op log exists). */

import { InputError, type InputProblem } from '../errors/index.js';
import { MAX_VALUE_NAME, parseKeyPath } from './key-path.js';
import type { RegChange } from './reg-parse.js';
import type { RegistryStore } from './store.js';

function problemOf(change: RegChange): string | undefined {
  const path = parseKeyPath(change.key);
  if (typeof path === 'string') return `${path} in key '${change.key}'`;
  if (change.kind === 'deleteKey' && path.names.length === 0)
    return `the root key ${change.key} cannot be deleted`;
  if (change.kind === 'setValue' || change.kind === 'deleteValue') {
    if (typeof change.name !== 'string' || change.name.length > MAX_VALUE_NAME)
      return 'value name missing or too long';
  }
  if (change.kind === 'setValue') {
    const { type, bytes } = change.value ?? {};
    if (!Number.isInteger(type) || type < 0 || type > 0xffffffff || !(bytes instanceof Uint8Array))
      return 'bad raw value';
  }
  return undefined;
}

/**
 * Applies changes in order: `[KEY]` creates the key, `[-KEY]` deletes its
 * subtree (absent is fine), values are set or deleted. Every change is checked
 * first; if any is unusable an InputError lists them all and the store is left as it was.
 */
export function applyRegChanges(store: RegistryStore, changes: RegChange[]): void {
  const problems: InputProblem[] = [];
  changes.forEach((change, index) => {
    const problem = problemOf(change);
    if (problem !== undefined) problems.push({ where: `change ${index}`, message: problem });
  });
  if (problems.length > 0) throw new InputError('registry changes', problems);
  for (const change of changes) {
    switch (change.kind) {
      case 'createKey':
        store.rawCreateKey(change.key);
        break;
      case 'deleteKey':
        store.rawDeleteKey(change.key);
        break;
      case 'setValue':
        store.rawSetValue(change.key, change.name, change.value);
        break;
      case 'deleteValue':
        store.rawDeleteValue(change.key, change.name);
        break;
    }
  }
}
