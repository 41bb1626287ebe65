/** The core behind each WinImage: the registry lives in the image layer, so layers below this one can read it too. */
export { attachCore, coreOf } from '../image/index.js';
