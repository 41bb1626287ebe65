/** Step 2: the package's members in the working folder (Express: only those the install needs, fetched now). */
import { WinError } from '../errors/index.js';
import { hashHex, xxh64, type Folder } from '../image/index.js';
import { applyOp, applyWriteAt } from '../ops/index.js';
import { memberData, type InstallRun } from './install-run.js';
import type { ExpressStore } from './types.js';
import { workingMemberBytes } from './plan.js';

/** Downloads what an Express install needs, gives each file its bytes, and fills the working folder. */
export function extract(run: InstallRun): void {
  const { detail, pkg } = run;
  if (detail.method === 'express') download(run);
  const m = pkg.manifest;
  run.fileData =
    detail.method === 'express' ? m.files.map((file) => memberData(run, file.source)) : pkg.fileBytes();
  if (detail.workingFolder) {
    fillWorkingFolder(run);
    run.log.add(`ExtractFiles: ${detail.workingMembers.length} files extracted to ${detail.workingFolder}`);
  } else {
    run.log.add('ExtractFiles: installing from an expanded share, no working folder');
  }
}

/** Fetches the working members from the Express store, each checked against the manifest's xxh64. */
function download(run: InstallRun): void {
  const { detail } = run;
  const store = detail.options.store!;
  const wanted = new Map(run.pkg.manifest.files.map((file) => [file.source, file.xxh64]));
  for (const member of detail.workingMembers) {
    const data = fetchFromStore(store, member);
    if (wanted.has(member) && hashHex(xxh64(data)) !== wanted.get(member)) {
      throw new WinError('ERROR_FILE_CORRUPT', member, 'the downloaded file does not match the manifest');
    }
    run.downloaded.set(member, data);
  }
  run.log.add(
    `DownloadFiles: ${run.downloaded.size} files fetched from the store (${store.bytesFetched} bytes)`,
  );
}

/** A member from the Express store; a store that cannot deliver it fails the install (1603), as a failed download does. */
function fetchFromStore(store: ExpressStore, member: string): Uint8Array {
  try {
    return store.fetch(member);
  } catch (error) {
    throw new WinError('ERROR_BAD_NETPATH', member, `the download store failed: ${(error as Error).message}`);
  }
}

/** Writes every working member under the working folder, creating its folders. */
function fillWorkingFolder(run: InstallRun): void {
  const { image, detail, files } = run;
  const total = detail.workingMembers.length;
  const workingData = workingMemberBytes(run.pkg, detail, (member) => memberData(run, member));
  // members come in runs from one folder, found once a run (the loop only adds files to it)
  // `within` is the folder's path with its backslash: a member's path is `within` and its name
  let folderRun: { prefix: string; within: string; folder: Folder | undefined } | undefined;
  const members = detail.workingMembers;
  for (let i = 0; i < members.length; i++) {
    const member = members[i];
    const slash = member.lastIndexOf('/');
    if (
      folderRun === undefined ||
      folderRun.prefix.length !== slash + 1 ||
      !member.startsWith(folderRun.prefix)
    ) {
      const prefix = member.slice(0, slash + 1);
      const within = `${detail.workingFolder}\\${prefix.replaceAll('/', '\\')}`;
      folderRun = { prefix, within, folder: files.ensureDirectory(within.slice(0, -1)) };
    }
    const name = member.slice(slash + 1);
    const { folder, within } = folderRun;
    const location = folder && image.locateIn(folder, name);
    if (location) applyWriteAt(image, within, name, workingData[i], undefined, location);
    else applyOp(image, { kind: 'write', path: within + name, data: workingData[i] });
    run.progress('extract', i + 1, total);
  }
}
