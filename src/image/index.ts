/**
 * The image layer: a Windows machine's volumes (memfs byte stores with a case-insensitive index),
 * attributes, versions, handles and share modes, processes and services, the System event log,
 * digests, copies and the image file format. Changes go through src/ops.
 */
export { ImageCore } from './image-core.js';
export { aliasChild, findChild, sortedChildren } from './tree.js';
export type { Folder, Location } from './namespace.js';
export type { FileHandle } from './handles.js';
export type { ProcessRecord, ServiceRecord } from './processes.js';
export type { CreateMeta } from './raw-storage.js';
export { DriveVolume, DEFAULT_CLUSTER_SIZE } from './volume.js';
export { ACCESS_BITS, entryRelativePath, isSameOrAncestor, walkEntries } from './entry.js';
export type { Entry, HandleRecord } from './entry.js';
export { FILE_ATTRIBUTE, attributeBits, attributeNames, settableBits } from './attributes.js';
export { MAX_FILE_VERSION_LENGTH, fileVersionProblem } from './limits.js';
export { contentHash, digestImage } from './digest.js';
export { copyImage } from './copy.js';
export { attachCore, coreOf } from './core-access.js';
export { ImageNotes, jsonNote, type NoteKind } from './notes.js';
export {
  UNITS_PER_MS,
  fileTimeOf,
  floorDiv,
  imageTimeOfNanoseconds,
  isTimeFraction,
  nanosecondsOf,
} from './file-time.js';
export type { ImageTime } from './file-time.js';
export { decodeImage, encodeImage, IMAGE_FORMAT_VERSION, IMAGE_FORMAT_VERSIONS } from './format.js';
export type { FileChecksums } from './format.js';
export { loadImageFile, readImageFile, readImageFileHashed, saveImageFile } from './format-file.js';
export type { ImageLoadOptions } from './format-file.js';
export type { LoadProgress } from './load-progress.js';
export { storeOps, restoreOps } from './op-codec.js';
export { checkFitsInMemory, readFileWhole, readRange, readSyncRange } from './read-shared.js';
export { asBuffer } from './byte-store.js';
export { filled } from './lazy-file.js';
export { processStamp, stampIsLive, stampPid } from './live-process.js';
export type { StoredOp } from './op-codec.js';
export { createXxh64, hashHex, sha256Hex, xxh64, xxh64InSlices } from './hash.js';
export type { FileMeta, Journal, PrimitiveKind, PrimitiveOp } from './primitive.js';
export type * from './types.js';
