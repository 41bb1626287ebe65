/**
 * `svcpack bench --suite` with a name no suite has is bad input: exit 2 and one line naming
 * `--suite`, before any suite runs (it was 'internal error', exit 1, and `image,nonsense` ran the
 * image suite first).
 */
import { describe, expect, it } from 'vitest';
import { lines, svcpack } from './spawn.js';

describe('svcpack bench --suite', () => {
  it.each(['nonsense', 'image,nonsense', 'all,'])(
    "'%s' is refused with exit 2 before anything runs",
    async (suite) => {
      const run = await svcpack(['bench', '--suite', suite]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /unknown suite '.*' \(expected image, boot, queue, hashing, servicing, scale, all/,
      );
      expect(run.stderr).toContain('--suite');
      expect(lines(run.stderr).length).toBeLessThanOrEqual(2);
      expect(run.stdout).toBe('');
    },
  );

  it('--json gives the refusal as JSON', async () => {
    const run = await svcpack(['bench', '--suite', 'nonsense', '--json']);
    expect(run.code).toBe(2);
    expect(JSON.parse(run.stdout)).toMatchObject({ error: 'InputError' });
  });
});
