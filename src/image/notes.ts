/**
 * State a layer above keeps in the image, saved with it and copied by forks but outside the digest:
 * the boot's record of a rename queue it was cut in, the catalog's added signer keys. Each kind is a
 * typed `NoteKind` its owner declares, so no layer reads another's by a string; the image keeps the
 * saved text, so a loaded image carries notes it is never asked about unchanged.
 */

/** One kind of note: its name in the image file, and its value to and from the saved text. */
export interface NoteKind<T> {
  /** The name the image file stores it under (`boot.lostEntries`). */
  readonly name: string;
  /** The value of a saved note; throws when the text is not one. */
  decode(text: string): T;
  encode(value: T): string;
}

/** A note kind saved as JSON; `check` turns the parsed JSON into the value, or throws. */
export function jsonNote<T>(name: string, check: (parsed: unknown) => T): NoteKind<T> {
  return { name, decode: (text) => check(JSON.parse(text)), encode: (value) => JSON.stringify(value) };
}

/** The notes of one image. */
export class ImageNotes {
  private readonly texts = new Map<string, string>();

  get<T>(kind: NoteKind<T>): T | undefined {
    const text = this.texts.get(kind.name);
    return text === undefined ? undefined : kind.decode(text);
  }

  set<T>(kind: NoteKind<T>, value: T): void {
    this.texts.set(kind.name, kind.encode(value));
  }

  has(kind: NoteKind<unknown>): boolean {
    return this.texts.has(kind.name);
  }

  delete(kind: NoteKind<unknown>): void {
    this.texts.delete(kind.name);
  }

  /** The saved form: each note's name and text. */
  saved(): [string, string][] {
    return [...this.texts];
  }

  /** Adds saved notes (from an image file, or another image's `saved()`). */
  load(saved: Iterable<readonly [string, string]>): void {
    for (const [name, text] of saved) this.texts.set(name, text);
  }
}
