/**
 * The command turns huge pages on for itself (src/cli/huge-pages.ts): the real command, spawned as a
 * user runs it, with a probe preloaded into every node it starts (fixtures/process-probe.mjs) to see
 * which processes ran and with what.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { WinImage } from '../../src/machine/index.js';
import { CLI, removeScratch, scratch, svcpack } from './spawn.js';

vi.setConfig({ testTimeout: 180_000, hookTimeout: 180_000 });

const BUNDLE = join(import.meta.dirname, '..', '..', 'dist', 'cli', 'svcpack.js');
const PROBE = pathToFileURL(join(import.meta.dirname, 'fixtures', 'process-probe.mjs')).href;

interface Probe {
  pid: number;
  ppid: number;
  tunables: string | null;
  argv: string[];
  execArgv: string[];
  stdin: number;
}

let dir: string;
let image: string;
let probes = 0;

beforeAll(async () => {
  dir = scratch('relaunch');
  image = join(dir, 'machine.svcimg');
  await WinImage.create().save(image);
});

afterAll(removeScratch);

/** This process's environment without any tunable or svcpack variable, huge pages asked for, plus a fresh probe file. */
function probedEnv(extra: NodeJS.ProcessEnv = {}): { env: NodeJS.ProcessEnv; probe: string } {
  const probe = join(dir, `probe-${++probes}.jsonl`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of Object.keys(env))
    if (name === 'GLIBC_TUNABLES' || name.startsWith('SVCPACK_')) delete env[name];
  env.NODE_OPTIONS = `${env.NODE_OPTIONS ?? ''} --import=${PROBE}`;
  return { env: { ...env, SVCPACK_HUGE_PAGES: '1', SVCPACK_PROBE_OUT: probe, ...extra }, probe };
}

function readProbes(file: string): Probe[] {
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Probe);
}

describe.runIf(process.platform === 'linux')(
  'svcpack runs itself again with huge pages on Linux, when asked',
  () => {
    it('by default (SVCPACK_HUGE_PAGES unset) a large image runs in one process, without the tunable', async () => {
      const { env, probe } = probedEnv({ SVCPACK_REEXEC_MIN_MIB: '0' });
      delete env.SVCPACK_HUGE_PAGES;
      expect((await svcpack(['image', 'info', image], { env })).code).toBe(0);
      expect(readProbes(probe).map((p) => p.tunables)).toEqual([null]);
    });

    it.each([
      ['the unbundled build', CLI],
      ['the bundle (the package bin)', BUNDLE],
    ])(
      '%s: the child sees the tunable appended to GLIBC_TUNABLES, with the same node, flags, arguments and stdin',
      async (_, script) => {
        const { env, probe } = probedEnv({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=4' });
        const run = await svcpack(['image', 'info', image, '--json'], {
          env,
          script,
          nodeArgs: ['--max-old-space-size=3000'],
          input: 'piped',
        });
        expect(run.code).toBe(0);
        const [parent, child] = readProbes(probe);
        expect(parent.tunables).toBe('glibc.malloc.arena_max=4');
        expect(child.tunables).toBe('glibc.malloc.arena_max=4:glibc.malloc.hugetlb=1');
        expect(child.ppid).toBe(parent.pid);
        expect(child.argv).toEqual(parent.argv);
        expect(child.execArgv).toEqual(['--max-old-space-size=3000']);
        expect(child.execArgv).toEqual(parent.execArgv);
        expect(child.stdin).toBe(parent.stdin);
        expect(readProbes(probe)).toHaveLength(2);
      },
    );

    it('exit codes, stdout, stderr and --json output are those of the command run in one process', async () => {
      writeFileSync(join(dir, 'not-an-image.svcimg'), 'hello');
      const cases = [
        ['image', 'info', image, '--json'],
        ['image', 'ls', image, 'C:\\WINNT', '--json'],
        ['image', 'info', join(dir, 'not-an-image.svcimg')],
        ['image', 'info', join(dir, 'not-an-image.svcimg'), '--json'],
      ];
      for (const args of cases) {
        const twice = probedEnv({ SVCPACK_REEXEC_MIN_MIB: '0' });
        const once = probedEnv({ SVCPACK_REEXEC_MIN_MIB: '0', SVCPACK_NO_REEXEC: '1' });
        const relaunched = await svcpack(args, { env: twice.env });
        const direct = await svcpack(args, { env: once.env });
        expect(readProbes(twice.probe)).toHaveLength(2);
        expect(readProbes(once.probe)).toHaveLength(1);
        expect({ args, ...relaunched }).toEqual({ args, ...direct });
      }
    });

    it('the opt-out SVCPACK_NO_REEXEC=1 runs the command in one process, without the tunable', async () => {
      const { env, probe } = probedEnv({ SVCPACK_NO_REEXEC: '1' });
      expect((await svcpack(['image', 'info', image], { env })).code).toBe(0);
      expect(readProbes(probe).map((p) => p.tunables)).toEqual([null]);
    });

    it('Ctrl-C (SIGINT) to the command reaches the child: its unfinished save is removed, exit 130', async () => {
      const folder = scratch('relaunch-sigint');
      const target = join(folder, 'big.svcimg');
      writeFileSync(target, ''); // an existing (small) file argument: with threshold 0 it runs again
      const { env, probe } = probedEnv({ SVCPACK_REEXEC_MIN_MIB: '0' });
      const command = spawn(process.execPath, [CLI, 'image', 'create', '--files', '60000', '-o', target], {
        env,
      });
      const ended = await new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
        const poll = setInterval(() => {
          if (!readdirSync(folder).some((name) => name.endsWith('.tmp'))) return;
          clearInterval(poll);
          command.kill('SIGINT');
        }, 2);
        command.on('close', (code, signal) => {
          clearInterval(poll);
          resolve({ code, signal });
        });
      });
      expect(readProbes(probe)).toHaveLength(2);
      expect(ended).toEqual({ code: 130, signal: null });
      expect(readdirSync(folder)).toEqual(['big.svcimg']);
      expect(statSync(target).size).toBe(0);
    });

    it("a child ended by a signal: the command ends by the same signal (the shell's status)", async () => {
      const { env, probe } = probedEnv({ SVCPACK_REEXEC_MIN_MIB: '0' });
      const command = spawn(process.execPath, [CLI, 'image', 'info', image], { env, stdio: 'ignore' });
      const poll = setInterval(() => {
        const child = readProbes(probe).find((p) => p.ppid === command.pid);
        if (child === undefined) return;
        clearInterval(poll);
        process.kill(child.pid, 'SIGKILL');
      }, 2);
      const ended = await new Promise<NodeJS.Signals | null>((resolve) =>
        command.on('close', (_code, signal) => resolve(signal)),
      );
      clearInterval(poll);
      expect(ended).toBe('SIGKILL');
    });
  },
);
