import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WinImage } from '../../src/index.js';

const DIST_INDEX = pathToFileURL(join(process.cwd(), 'dist', 'src', 'index.js')).href;

const folders: string[] = [];
const children: ChildProcess[] = [];
afterEach(() => {
  for (const child of children.splice(0)) child.kill('SIGKILL');
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function folder(): string {
  const made = mkdtempSync(join(tmpdir(), 'svcpack-temps-'));
  folders.push(made);
  return made;
}

/** A pid no process has now: a child's, after it exited. */
function deadPid(): number {
  const run = spawnSync(process.execPath, ['-e', 'console.log(process.pid)'], { encoding: 'utf8' });
  return Number(run.stdout.trim());
}

function temps(dir: string): string[] {
  return readdirSync(dir).filter((name) => name.endsWith('.tmp'));
}

/**
 * Starts a real child process that saves `image` to `file` and is SIGKILLed once its temporary
 * file is fully written: its flush is made to wait forever, so the kill lands inside the save.
 */
async function killedDuringSave(file: string): Promise<void> {
  const script = `
    const { WinImage } = await import(${JSON.stringify(DIST_INDEX)});
    const { open } = await import('node:fs/promises');
    const probe = await open(${JSON.stringify(file + '.probe')}, 'w');
    const FileHandle = Object.getPrototypeOf(probe);
    await probe.close();
    FileHandle.sync = () => { console.log('flushing'); return new Promise(() => {}); };
    const image = WinImage.create();
    image.writeFile('C:\\\\big.bin', new Uint8Array(4 << 20).fill(7));
    await image.save(${JSON.stringify(file)});`;
  const child = spawn(process.execPath, ['--input-type=module', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('flushing')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`the saving child exited (${code}) before its flush`)));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  child.kill('SIGKILL');
  await exited;
  rmSync(file + '.probe', { force: true });
}

describe('temporary files of killed saves', () => {
  it("a leftover temporary file of a dead process is removed by the next save; a live process's is kept", async () => {
    const dir = folder();
    const file = join(dir, 'machine.svc');
    const stale = join(dir, `.machine.svc.${deadPid()}.1700000000000.tmp`);
    const live = join(dir, `.machine.svc.${process.ppid}.1700000000001.tmp`);
    const other = join(dir, `.other.svc.${deadPid()}.1700000000002.tmp`);
    for (const path of [stale, live, other]) writeFileSync(path, new Uint8Array(1 << 20));
    await WinImage.create().save(file);
    expect(temps(dir).sort()).toEqual([live, other].map((p) => p.slice(dir.length + 1)).sort());
  });

  it('a leftover temporary file of a dead process is removed by the next load of that path', async () => {
    const dir = folder();
    const file = join(dir, 'machine.svc');
    await WinImage.create().save(file);
    writeFileSync(join(dir, `.machine.svc.${deadPid()}.1700000000000.tmp`), new Uint8Array(1 << 20));
    await WinImage.load(file);
    expect(temps(dir)).toEqual([]);
  });

  it('a save SIGKILLed in a real child process leaves a full-size temporary file that the next load, then save, removes', async () => {
    const dir = folder();
    const file = join(dir, 'machine.svc');
    const original = WinImage.create();
    await original.save(file);
    await killedDuringSave(file);
    const [left] = temps(dir);
    expect(left).toBeDefined();
    expect(statSync(join(dir, left)).size).toBeGreaterThan(4 << 20);
    const loaded = await WinImage.load(file);
    expect(loaded.digest()).toBe(original.digest());
    expect(temps(dir)).toEqual([]);
    await killedDuringSave(file);
    expect(temps(dir)).toHaveLength(1);
    await loaded.save(file);
    expect(temps(dir)).toEqual([]);
  });
});
