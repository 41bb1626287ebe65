import { describe, expect, it } from 'vitest';
import { ImageNotes, jsonNote, type NoteKind } from '../../src/image/index.js';

const COUNT: NoteKind<number> = { name: 'test.count', decode: Number, encode: String };
const NAMES = jsonNote('test.names', (parsed) => {
  if (!Array.isArray(parsed)) throw new TypeError('not a list');
  return parsed as string[];
});

describe('image notes', () => {
  it('keep each kind typed, and read back what was saved', () => {
    const notes = new ImageNotes();
    notes.set(COUNT, 3);
    notes.set(NAMES, ['a', 'b']);
    const copy = new ImageNotes();
    copy.load(notes.saved());
    expect(copy.get(COUNT)).toBe(3);
    expect(copy.get(NAMES)).toEqual(['a', 'b']);
    copy.delete(COUNT);
    expect(copy.has(COUNT)).toBe(false);
    expect(notes.has(COUNT)).toBe(true);
  });

  it('carry notes of a kind never asked about unchanged, and refuse a saved text that is not its kind', () => {
    const notes = new ImageNotes();
    notes.load([
      ['other.layer', '{"kept": true}'],
      ['test.names', '{"not": "a list"}'],
    ]);
    expect(notes.saved()).toContainEqual(['other.layer', '{"kept": true}']);
    expect(() => notes.get(NAMES)).toThrow('not a list');
  });
});
