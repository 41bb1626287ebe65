import { WinError } from '../errors/index.js';
import { DEFAULT_CLUSTER_SIZE, FILE_ATTRIBUTE, type ImageCore, type VolumeType } from '../image/index.js';
import { populate, type BirthFile, type BirthFolder } from '../ops/index.js';
import { readPeVersionInfo } from './pe-version.js';
import { raceHooks } from './race-hooks.js';
import { readScannedFile } from './read-host-file.js';
import { scanHostFolder, type HostScan, type SkippedHostPath } from './scan.js';

/** How to import a host folder as a drive. */
export interface ImportOptions {
  /** The drive letter; it must be free. */
  letter: string;
  label?: string;
  /** Bytes; default max(4 GiB, twice the content's allocation). */
  capacity?: number;
  type?: VolumeType;
  /** Read each PE file's version resource (default true). */
  readVersions?: boolean;
  /** Called after each file is read, with how many of how many. */
  onProgress?: (done: number, total: number) => void;
}

/** What an import did. */
export interface ImportReport {
  files: number;
  directories: number;
  bytes: number;
  /** PE files whose version was read. */
  versions: number;
  /**
   * PE files that have a version resource (or whose headers are damaged where it would be found)
   * and whose version could not be read, and why: they are imported without a version.
   */
  unreadableVersions: SkippedHostPath[];
  /** Host entries left out (names Windows cannot hold, links leading outside, special files). */
  skipped: SkippedHostPath[];
  /** Registry values applied (Wine prefixes). */
  registryValues?: number;
}

const FOUR_GIB = 4 * 1024 ** 3;
const READ_CONCURRENCY = 16;

/** A host folder read into memory, ready for one `populate`. */
export interface PreparedDrive {
  letter: string;
  directories: BirthFolder[];
  files: BirthFile[];
  report: ImportReport;
  capacity: number;
}

/** Throws unless `letter` is a drive letter the image does not use yet. */
export function requireFreeLetter(image: ImageCore, letter: string): string {
  const upper = letter.replace(/:$/, '').toUpperCase();
  if (!/^[A-Z]$/.test(upper))
    throw new WinError('ERROR_INVALID_DRIVE', letter, 'a drive letter is one letter A-Z');
  if (image.volumes().some((v) => v.letter === upper)) {
    throw new WinError('ERROR_ALREADY_EXISTS', `${upper}:`, 'the drive letter is in use');
  }
  return upper;
}

async function readAll(scan: HostScan, readVersions: boolean, drive: string, options: ImportOptions) {
  const files: BirthFile[] = new Array(scan.files.length);
  const unreadableVersions: SkippedHostPath[] = [];
  let versions = 0;
  let done = 0;
  let next = 0;
  let failed = false;
  const worker = async (): Promise<void> => {
    while (!failed && next < scan.files.length) {
      const index = next++;
      const found = scan.files[index];
      // one refused file stops every reader: nothing more is opened or held
      const data = await readScannedFile(found).catch((error: unknown) => {
        failed = true;
        throw error;
      });
      const { version, problem } = readVersions ? readPeVersionInfo(data) : {};
      if (version) versions++;
      if (problem) unreadableVersions.push({ hostPath: found.hostPath, reason: problem });
      files[index] = {
        drive,
        path: found.relative,
        data,
        attributes: FILE_ATTRIBUTE.archive | (found.readonly ? FILE_ATTRIBUTE.readonly : 0),
        version,
        created: found.created.ms,
        createdFraction: found.created.fraction,
        modified: found.modified.ms,
        modifiedFraction: found.modified.fraction,
      };
      options.onProgress?.(++done, scan.files.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(READ_CONCURRENCY, scan.files.length) }, worker));
  unreadableVersions.sort((a, b) => (a.hostPath < b.hostPath ? -1 : a.hostPath > b.hostPath ? 1 : 0));
  return { files, versions, unreadableVersions };
}

/** Scans and reads a host folder without touching the image. */
export async function prepareDrive(
  image: ImageCore,
  folder: string,
  options: ImportOptions,
): Promise<PreparedDrive> {
  const letter = requireFreeLetter(image, options.letter);
  const scan = await scanHostFolder(folder, `${letter}:\\`);
  await raceHooks.afterScan?.();
  const { files, versions, unreadableVersions } = await readAll(
    scan,
    options.readVersions ?? true,
    letter,
    options,
  );
  let bytes = 0;
  let allocation = 0;
  for (const file of files) {
    bytes += file.data.byteLength;
    allocation += Math.ceil(file.data.byteLength / DEFAULT_CLUSTER_SIZE) * DEFAULT_CLUSTER_SIZE;
  }
  const capacity = options.capacity ?? Math.max(FOUR_GIB, 2 * allocation);
  if (allocation > capacity) {
    throw new WinError(
      'ERROR_DISK_FULL',
      `${letter}:\\`,
      `the folder needs ${allocation} bytes; capacity is ${capacity}`,
    );
  }
  return {
    letter,
    directories: scan.directories.map((d) => ({
      drive: letter,
      path: d.relative,
      time: d.time.ms,
      timeFraction: d.time.fraction,
    })),
    files,
    capacity,
    report: {
      files: files.length,
      directories: scan.directories.length,
      bytes,
      versions,
      unreadableVersions,
      skipped: scan.skipped,
    },
  };
}

/** Adds the volume and populates it; on any failure the volume is removed again. */
export function commitDrive(image: ImageCore, prepared: PreparedDrive, options: ImportOptions): void {
  image.addVolume({
    letter: prepared.letter,
    label: options.label,
    type: options.type,
    capacity: prepared.capacity,
  });
  try {
    populate(image, prepared.directories, prepared.files);
  } catch (error) {
    image.removeVolume(prepared.letter);
    throw error;
  }
}

/**
 * Imports a host folder as a drive of `image` (the drive letter must be free). Names Windows
 * cannot hold are skipped and reported in `skipped`; case-insensitive collisions (a Linux folder
 * holding both 'a.txt' and 'A.TXT') are refused with ERROR_ALREADY_EXISTS naming both host paths.
 * Symlinks are not followed outside the folder. Files get the archive attribute (plus read-only
 * when the host file is not writable by its owner) and their host times; PE files get the
 * version from their version resource. Nothing is added to the image if anything fails.
 */
export async function importHostFolder(
  image: ImageCore,
  folder: string,
  options: ImportOptions,
): Promise<ImportReport> {
  const prepared = await prepareDrive(image, folder, options);
  commitDrive(image, prepared, options);
  return prepared.report;
}
