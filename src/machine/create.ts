import { generateLayout, type ImageLayout, type LayoutOptions } from '../generate/index.js';
import { attributeBits, type ImageCore } from '../image/index.js';
import { BASE_CATALOG_NAME, CATROOT, buildBaseCatalogSync } from '../catalog/index.js';
import { applyOpQuietly, populate, populateRegistry } from '../ops/index.js';
import { encodeRegData, REG_TYPES } from '../registry/index.js';

/** Options of `WinImage.create`. */
export type CreateOptions = LayoutOptions;

/** Builds a machine from a generated layout: volumes, files, registry, services and processes. */
export function buildFromLayout(image: ImageCore, layout: ImageLayout): void {
  for (const volume of layout.volumes) image.addVolume(volume);
  const pool = layout.contentPool;
  const birth = layout.files[0]?.created ?? image.clock;
  populate(
    image,
    layout.directories.map((d) => ({
      drive: d.drive,
      path: d.path,
      time: birth,
      ...(d.attributes ? { attributes: attributeBits(d.attributes) } : {}),
    })),
    layout.files.map((f) => ({
      drive: f.drive,
      path: f.path,
      data: pool.subarray(f.contentOffset, f.contentOffset + f.size),
      attributes: f.attributes ? attributeBits(f.attributes) : 0x20,
      version: f.version,
      created: f.created,
      modified: f.modified,
    })),
  );
  populateRegistry(
    image,
    layout.registryKeys,
    layout.registry.map((r) => ({
      key: r.key,
      name: r.name,
      value: { type: REG_TYPES[r.type], bytes: encodeRegData(r.type, r.data) },
    })),
  );
  image.protectPaths(layout.files.filter((f) => f.protected).map((f) => `${f.drive}:\\${f.path}`));
  image.oemPaths.clear();
  for (const f of layout.files) if (f.oem) image.markOem(`${f.drive}:\\${f.path}`);
  installBaseCatalog(image, layout);
  for (const s of layout.services) image.defineService(s);
  image.startAutomaticServices();
  for (const p of layout.processes) {
    image.startProcess(p.name, {
      holds: p.holds.filter((path) => image.find(path)?.isDir === false),
      session: p.session,
    });
  }
}

/** Generates the layout for the options and builds it into `image`. */
export function createFromOptions(image: ImageCore, options: CreateOptions = {}): void {
  buildFromLayout(image, generateLayout(options));
}

/** Base catalogs by layout identity: a generated layout is deterministic, so its catalog is too. */
const baseCatalogs = new Map<string, Uint8Array>();

/** Writes the signed `nt5.cat` that lists the image's protected files as shipped (part of the image's birth). */
function installBaseCatalog(image: ImageCore, layout: ImageLayout): void {
  const folder = image.expand(CATROOT);
  if (image.protectedPaths.size === 0 || !image.find(folder)) return;
  const key = `${layout.preset}|${layout.seed}|${layout.servicePack}|${layout.files.length}|${image.clock}`;
  let bytes = baseCatalogs.get(key);
  if (!bytes) {
    bytes = buildBaseCatalogSync(image);
    if (baseCatalogs.size >= 16) baseCatalogs.delete(baseCatalogs.keys().next().value!);
    baseCatalogs.set(key, bytes);
  }
  applyOpQuietly(image, {
    kind: 'write',
    path: `${folder}\\${BASE_CATALOG_NAME}`,
    data: bytes,
    meta: { attributes: 0x20 },
  });
}
