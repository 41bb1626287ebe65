/**
 * Deterministic generators: Windows image layouts (`layout/`) that `WinImage.create()` builds from,
 * and packages that fit a given image (`servicepack/`). Published as `svcpack/fixtures` too.
 */
export {
  generateHotfix,
  generateNt4ServicePack,
  generateServicePack,
  generateSmsHotfix,
  generateSmsServicePack,
  packageStore,
  type HotfixOptions,
  type PackageStore,
  type ServicePackOptions,
  type SmsHotfixOptions,
  type SmsServicePackOptions,
} from './servicepack/index.js';
export * from './layout/index.js';
