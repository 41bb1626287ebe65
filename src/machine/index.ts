/** The machine: the public `WinImage`, composed from the image, ops and boot layers. */
export { WinImage } from './win-image.js';
export { coreOf } from './internal.js';
export type { DigestOptions, RebootReport } from './win-image.js';
export type { ImageLoadOptions, LoadProgress } from '../image/index.js';
export { RegistryView } from './registry-view.js';
export {
  ImageFsError,
  ImageFsError as DriveFsError,
  ImageStats,
  ImageDirent,
  ImageDir,
  imageFsNames,
} from './fs/index.js';
export type { ImageFs, ImageFsOptions } from './fs/index.js';
export { buildFromLayout, createFromOptions } from './create.js';
export type { CreateOptions } from './create.js';
export { install, plan, sfc, uninstall } from './servicing.js';
export { runScenario, runScenarioFile } from './scenario.js';
export type { ScenarioOptions } from './scenario.js';
