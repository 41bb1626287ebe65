/** Step 2: the package's members in the working folder (Express: only those the install needs, fetched now). */
import { hashHex, xxh64, type DriveVolume, type Entry } from '../image/index.js';
import { applyOp, type Located } from '../ops/index.js';
import { memberData, type InstallRun } from './install-run.js';
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
    const data = store.fetch(member);
    if (wanted.has(member) && hashHex(xxh64(data)) !== wanted.get(member)) {
      throw new Error(`DoInstallation: downloaded file ${member} does not match the manifest`);
    }
    run.downloaded.set(member, data);
  }
  run.log.add(
    `DownloadFiles: ${run.downloaded.size} files fetched from the store (${store.bytesFetched} bytes)`,
  );
}

/** Writes every working member under the working folder, creating its folders. */
function fillWorkingFolder(run: InstallRun): void {
  const { image, detail, files } = run;
  const total = detail.workingMembers.length;
  const workingData = workingMemberBytes(run.pkg, detail, (member) => memberData(run, member));
  let folder:
    { prefix: string; path: string; volume: DriveVolume; dir: Entry; generation: number } | undefined;
  const located: Located = {};
  detail.workingMembers.forEach((member, i) => {
    const slash = member.lastIndexOf('/');
    if (
      folder === undefined ||
      folder.prefix.length !== slash + 1 ||
      !member.startsWith(folder.prefix) ||
      folder.generation !== image.structureGeneration
    ) {
      const prefix = member.slice(0, slash + 1);
      const folderPath = `${detail.workingFolder}\\${prefix.replaceAll('/', '\\')}`.slice(0, -1);
      files.ensureDirectory(folderPath);
      const dir = image.require(folderPath);
      const generation = image.structureGeneration;
      folder = { prefix, path: `${folderPath}\\`, volume: image.volumeOf(dir), dir, generation };
    }
    const name = member.slice(slash + 1);
    const path = folder.path + name;
    located.location = image.locateIn(folder.volume, folder.dir, name, path);
    applyOp(image, { kind: 'write', path, data: workingData[i] }, located.location ? located : undefined);
    run.progress('extract', i + 1, total);
  });
}
