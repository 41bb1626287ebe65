/**
 * The members' offsets as a `Map`, built on first use: only error messages and tests read them,
 * and a package has tens of thousands of members, so reading one does not pay for a second map.
 */
export class MemberOffsets extends Map<string, number> {
  readonly #names: string[] = [];
  readonly #offsets: number[] = [];
  #pending = true;

  /** Adds a member's offset without building the map (reading adds each member once, in order). */
  add(name: string, offset: number): void {
    this.#names.push(name);
    this.#offsets.push(offset);
  }

  private built(): this {
    if (this.#pending) {
      this.#pending = false;
      for (let i = 0; i < this.#names.length; i++) super.set(this.#names[i], this.#offsets[i]);
      this.#names.length = 0;
      this.#offsets.length = 0;
    }
    return this;
  }

  override get size(): number {
    this.built();
    return super.size;
  }

  override get(name: string): number | undefined {
    this.built();
    return super.get(name);
  }

  override has(name: string): boolean {
    this.built();
    return super.has(name);
  }

  override set(name: string, offset: number): this {
    this.built();
    return super.set(name, offset);
  }

  override delete(name: string): boolean {
    this.built();
    return super.delete(name);
  }

  override clear(): void {
    this.built();
    super.clear();
  }

  override forEach(
    callback: (offset: number, name: string, map: Map<string, number>) => void,
    thisArg?: unknown,
  ): void {
    this.built();
    super.forEach(callback, thisArg);
  }

  override entries(): MapIterator<[string, number]> {
    this.built();
    return super.entries();
  }

  override keys(): MapIterator<string> {
    this.built();
    return super.keys();
  }

  override values(): MapIterator<number> {
    this.built();
    return super.values();
  }

  override [Symbol.iterator](): MapIterator<[string, number]> {
    this.built();
    return super[Symbol.iterator]();
  }
}
