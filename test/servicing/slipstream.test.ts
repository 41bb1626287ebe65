import { describe, expect, it } from 'vitest';
import { slipstreamFiles } from '../../src/servicing/index.js';
import { buildPackage } from './helpers.js';

describe('slipstreaming (update.exe -s:DIR)', () => {
  it("flattens the package's files into the share's i386 folder and notes the integrated package", () => {
    const pkg = buildPackage(
      [
        { target: '%SystemRoot%\\system32\\kernel32.dll', data: 'kernel32', version: '5.0.2195.6717' },
        { target: '%SystemRoot%\\system32\\drivers\\tcpip.sys', data: 'tcpip', version: '5.0.2195.6717' },
      ],
      { id: 'W2K-SP4', level: 4 },
    );
    const files = slipstreamFiles(pkg);
    expect([...files.keys()]).toEqual(['i386/kernel32.dll', 'i386/tcpip.sys', 'i386/svcpack/W2K-SP4.json']);
    expect(Buffer.from(files.get('i386/tcpip.sys')!).toString()).toBe('tcpip');
    expect(JSON.parse(Buffer.from(files.get('i386/svcpack/W2K-SP4.json')!).toString())).toEqual({
      integrated: 'W2K-SP4',
      level: 4,
    });
  });
});
