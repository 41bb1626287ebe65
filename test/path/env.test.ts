import { describe, expect, it } from 'vitest';
import { expandEnvironmentStrings } from '../../src/path/index.js';

const env = new Map([
  ['SystemRoot', 'C:\\WINNT'],
  ['windir', 'C:\\WINNT'],
  ['ProgramFiles', 'C:\\Program Files'],
]);

describe('expandEnvironmentStrings', () => {
  it('replaces %NAME% case-insensitively', () => {
    expect(expandEnvironmentStrings('%SYSTEMROOT%\\system32', env)).toBe('C:\\WINNT\\system32');
    expect(expandEnvironmentStrings('%WinDir%;%programfiles%', env)).toBe('C:\\WINNT;C:\\Program Files');
    expect(expandEnvironmentStrings('%TEMP%', { temp: 'C:\\TEMP' })).toBe('C:\\TEMP');
  });

  it('leaves unknown variables as written', () => {
    expect(expandEnvironmentStrings('%NOPE%\\x', env)).toBe('%NOPE%\\x');
    // The closing % of an unknown name does not open another one.
    expect(expandEnvironmentStrings('%NOPE%windir%', env)).toBe('%NOPE%windir%');
  });

  it("'%%' and a lone '%' stay", () => {
    expect(expandEnvironmentStrings('100%% sure', env)).toBe('100%% sure');
    // As in Windows, '% of %' is read as an (unknown) variable name, so %windir% is not seen.
    expect(expandEnvironmentStrings('50% of %windir%', env)).toBe('50% of %windir%');
    expect(expandEnvironmentStrings('%windir% at 50%', env)).toBe('C:\\WINNT at 50%');
    expect(expandEnvironmentStrings('no percent', env)).toBe('no percent');
  });

  it('does not expand a value a second time', () => {
    expect(expandEnvironmentStrings('%a%', { a: '%b%', b: 'x' })).toBe('%b%');
  });
});
