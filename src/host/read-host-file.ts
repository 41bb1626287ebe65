import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { WinError } from '../errors/index.js';
import { assertHostFileSize, onHost } from './host-errors.js';
import type { ScannedFile } from './scan.js';

/** A link never followed, and a FIFO swapped in never blocks the open. */
const READ_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

async function openScanned(found: ScannedFile): Promise<FileHandle> {
  try {
    return await open(found.hostPath, READ_FLAGS);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ELOOP') {
      throw new WinError(
        'ERROR_ACCESS_DENIED',
        found.hostPath,
        'the file was replaced by a symbolic link after the scan; nothing was imported',
      );
    }
    throw error;
  }
}

async function readOpened(handle: FileHandle, found: ScannedFile): Promise<Uint8Array> {
  const stats = await handle.stat();
  if (!stats.isFile()) {
    throw new WinError(
      'ERROR_ACCESS_DENIED',
      found.hostPath,
      'the file was replaced by a non-file (FIFO, socket, device or folder) after the scan; nothing was imported',
    );
  }
  if (stats.dev !== found.dev || stats.ino !== found.ino) {
    throw new WinError(
      'ERROR_ACCESS_DENIED',
      found.hostPath,
      'the path leads to another file than the scan saw (a file or folder on it was swapped); nothing was imported',
    );
  }
  assertHostFileSize(found.hostPath, stats.size);
  // read straight into the buffer the image keeps: one allocation, no copy
  const data = new Uint8Array(stats.size);
  let offset = 0;
  while (offset < data.byteLength) {
    const { bytesRead } = await handle.read(data, offset, data.byteLength - offset, offset);
    if (bytesRead === 0) break;
    offset += bytesRead;
  }
  if (offset !== data.byteLength) {
    throw new WinError(
      'ERROR_ACCESS_DENIED',
      found.hostPath,
      `the file shrank from ${data.byteLength} to ${offset} bytes while being read; nothing was imported`,
    );
  }
  return data;
}

/**
 * Reads a scanned host file without following a link or blocking on a FIFO, and only if the
 * opened descriptor is the regular file the scan saw (same device and inode): a path swapped
 * between scan and read is refused (ERROR_ACCESS_DENIED), never read from elsewhere.
 */
export async function readScannedFile(found: ScannedFile): Promise<Uint8Array> {
  return onHost(found.hostPath, 'reading the file', async () => {
    const handle = await openScanned(found);
    try {
      return await readOpened(handle, found);
    } finally {
      await handle.close();
    }
  });
}
