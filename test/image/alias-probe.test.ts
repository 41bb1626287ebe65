import { describe, expect, it } from 'vitest';
import { createDirectory, deleteFile, moveFileNow, writeFile } from '../../src/ops/index.js';
import { shortNameFor } from '../../src/path/index.js';
import { smallImage } from '../helpers/small-image.js';

const FOLDER = 'C:\\Aliases';

/** A small random generator, so that a failure can be replayed from its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('8.3 aliases: the first free candidate, whatever left the folder before', () => {
  it('every new long name gets the alias a probe from ~1 gives, through creates, deletes and renames', () => {
    for (const seed of [1, 2, 3]) {
      const next = random(seed);
      const image = smallImage();
      createDirectory(image, FOLDER);
      const present = new Map<string, string>(); // long name -> its alias
      // few stems, so that ~1..~4 fill and the hashed forms are reached
      const longName = () =>
        `${['Program Files', 'Windows Update', 'KB823980 backup'][Math.floor(next() * 3)]} ${Math.floor(next() * 400)}.${['txt', 'log'][Math.floor(next() * 2)]}`;
      for (let step = 0; step < 400; step++) {
        const names = [...present.keys()];
        const action = next();
        if (action < 0.25 && names.length > 0) {
          const name = names[Math.floor(next() * names.length)];
          deleteFile(image, `${FOLDER}\\${name}`);
          present.delete(name);
          continue;
        }
        const name = longName();
        if (present.has(name)) continue;
        const taken = new Set([...present.values(), ...[...present.keys()].map((n) => n.toUpperCase())]);
        const expected = shortNameFor(name, taken);
        if (action < 0.4 && names.length > 0) {
          const from = names[Math.floor(next() * names.length)];
          present.delete(from);
          const takenAfter = new Set([
            ...present.values(),
            ...[...present.keys()].map((n) => n.toUpperCase()),
          ]);
          moveFileNow(image, `${FOLDER}\\${from}`, `${FOLDER}\\${name}`, 0);
          present.set(name, image.stat(`${FOLDER}\\${name}`).shortName!);
          expect(present.get(name), `seed ${seed} step ${step}: rename ${from} -> ${name}`).toBe(
            shortNameFor(name, takenAfter),
          );
        } else {
          writeFile(image, `${FOLDER}\\${name}`, Buffer.from(name));
          present.set(name, image.stat(`${FOLDER}\\${name}`).shortName!);
          expect(present.get(name), `seed ${seed} step ${step}: create ${name}`).toBe(expected);
        }
      }
      // the hashed forms were reached (more than four names of one stem at once)
      expect([...present.values()].some((alias) => !/^(PROGRA|WINDOW|KB8239)~/.test(alias))).toBe(true);
    }
  });
});
