/**
 * Lock files name their process by id and (on Linux) start time: a dead command's id given to
 * another process (as containers do, counting from 1 again) must not keep its lock alive.
 */
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { processStamp, stampIsLive, stampPid } from '../../src/image/index.js';

const onLinux = process.platform === 'linux';

describe('process stamps', () => {
  it("this process's own stamp is live, with its id first", () => {
    const stamp = processStamp();
    expect(stampPid(stamp)).toBe(process.pid);
    expect(stampIsLive(stamp)).toBe(true);
    if (onLinux) expect(stamp).toMatch(/^\d+ \d+$/);
  });

  it.runIf(onLinux)('a live id with another start time is another process: not live', () => {
    const [pid, start] = processStamp().split(' ');
    expect(stampIsLive(`${pid} ${Number(start) + 1}`)).toBe(false);
  });

  it('the id of a process that has exited is not live; an id-only stamp of a live one is', () => {
    const exited = spawnSync(process.execPath, ['-e', '0']).pid!;
    expect(stampIsLive(`${exited}`)).toBe(false);
    expect(stampIsLive(String(process.ppid))).toBe(true);
  });

  it('text that is no stamp has no id', () => {
    expect(['', 'x', '-3', '12 x', '0'].map(stampPid)).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
  });
});
