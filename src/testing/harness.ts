import { WinImage, type CreateOptions, type ImageFs, type ImageFsOptions } from '../machine/index.js';
import { nodeFsModule, nodeFsPromisesModule } from './node-fs-module.js';

/** What a harness starts from: `WinImage.create` options, or a function that builds the golden image. */
export interface HarnessOptions {
  /** Options of `WinImage.create` for the golden image (ignored when `build` is given). */
  create?: CreateOptions;
  /** Builds the golden image instead (e.g. `() => WinImage.load('golden.img')`). */
  build?: () => WinImage | Promise<WinImage>;
  /** Names the golden image in the per-worker cache; defaults to the `create` options. */
  key?: string;
}

/** Golden images of this worker (a worker process, or a Jest/vitest module registry sharing globalThis). */
const CACHE = Symbol.for('svcpack.testing.golden');
type GoldenCache = Map<string, Promise<WinImage>>;

function cache(): GoldenCache {
  const holder = globalThis as { [CACHE]?: GoldenCache };
  return (holder[CACHE] ??= new Map());
}

/** The golden image for these options: built once per worker, then the same promise every time. */
export function goldenImage(options: HarnessOptions = {}): Promise<WinImage> {
  const key = options.key ?? (options.build ? undefined : JSON.stringify(options.create ?? {}));
  if (key === undefined) throw new TypeError('goldenImage: give a key with build, so the cache can name it');
  const images = cache();
  let image = images.get(key);
  if (!image) {
    image = Promise.resolve(options.build ? options.build() : WinImage.create(options.create ?? {}));
    images.set(key, image);
    image.catch(() => images.delete(key));
  }
  return image;
}

/** A fresh fork of the golden image (copy-on-write, so about 10 ms): one per test. */
export async function freshImage(options: HarnessOptions = {}): Promise<WinImage> {
  return (await goldenImage(options)).fork();
}

/**
 * A test harness: `setup` forks the golden image before each test, `teardown` closes what the
 * test left open and drops the fork. `image` and `fs` give the current test's machine.
 */
export interface ImageHarness {
  setup(): Promise<void>;
  teardown(): void;
  /** The current test's image (throws outside a test). */
  image(): WinImage;
  /** The current test's fs of a drive (C by default). */
  fs(letter?: string, options?: ImageFsOptions): ImageFs;
  /** A `node:fs` module that forwards to the current test's fs of a drive: `vi.mock('node:fs', () => harness.nodeFs())`. */
  nodeFs(letter?: string): Record<string, unknown>;
  /** The same for `node:fs/promises`. */
  nodeFsPromises(letter?: string): Record<string, unknown>;
  /** Descriptors the last test left open, closed by `teardown` (check it in an afterEach to fail such tests). */
  readonly leaked: number;
}

export function imageHarness(options: HarnessOptions = {}): ImageHarness {
  let current: WinImage | undefined;
  const used = new Set<ImageFs>();
  let leaked = 0;
  const image = (): WinImage => {
    if (!current) throw new Error('svcpack/testing: no image: call harness.setup() in beforeEach');
    return current;
  };
  return {
    setup: async () => {
      current = await freshImage(options);
      leaked = 0;
    },
    teardown: () => {
      for (const fs of used) leaked += fs.closeAll();
      used.clear();
      current = undefined;
    },
    image,
    fs: (letter = 'C', fsOptions = {}) => {
      const fs = image().fs(letter, fsOptions);
      used.add(fs);
      return fs;
    },
    nodeFs(letter = 'C') {
      return nodeFsModule(() => this.fs(letter));
    },
    nodeFsPromises(letter = 'C') {
      return nodeFsPromisesModule(() => this.fs(letter));
    },
    get leaked() {
      return leaked;
    },
  };
}
