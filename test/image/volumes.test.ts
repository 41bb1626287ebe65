import { describe, expect, it } from 'vitest';
import { moveFileNow, writeFile, MOVEFILE } from '../../src/ops/index.js';
import { digestOf, smallImage } from '../helpers/small-image.js';

describe('volumes: capacity, clusters, devices', () => {
  it('a file occupies whole clusters', () => {
    const image = smallImage();
    const before = image.volume('D').free;
    writeFile(image, 'D:\\one-byte.txt', Buffer.from('x'));
    expect(image.volume('D').free).toBe(before - 4096);
    expect(image.stat('D:\\one-byte.txt').allocated).toBe(4096);
  });

  it('writing past the capacity fails with ERROR_DISK_FULL and changes nothing', () => {
    const image = smallImage();
    const before = digestOf(image);
    const free = image.volume('D').free;
    expect(() => writeFile(image, 'D:\\big.bin', new Uint8Array(free + 1))).toThrow(
      expect.objectContaining({ code: 'ERROR_DISK_FULL', errno: 112 }),
    );
    expect(digestOf(image)).toBe(before);
    expect(image.volume('D').free).toBe(free);
  });

  it('a rename never crosses volumes: ERROR_NOT_SAME_DEVICE', () => {
    const image = smallImage();
    expect(() => moveFileNow(image, 'D:\\Data\\report.txt', 'C:\\report.txt', 0)).toThrow(
      expect.objectContaining({ code: 'ERROR_NOT_SAME_DEVICE', errno: 17 }),
    );
  });

  it('MOVEFILE_COPY_ALLOWED moves a file across volumes by copy and delete', () => {
    const image = smallImage();
    moveFileNow(image, 'D:\\Data\\report.txt', 'C:\\report.txt', MOVEFILE.COPY_ALLOWED);
    expect(image.readFile('C:\\report.txt').toString()).toBe('quarterly');
    expect(image.exists('D:\\Data\\report.txt')).toBe(false);
  });

  it('volumes() lists letter, type, capacity, free and cluster size', () => {
    const image = smallImage();
    const [c, d, e] = image.volumes();
    expect(c).toMatchObject({ letter: 'C', type: 'fixed', clusterSize: 4096 });
    expect(d.capacity).toBe(1 << 20);
    expect(e.type).toBe('cdrom');
    expect(c.free).toBeLessThan(c.capacity);
  });
});

describe('network share volumes', () => {
  it('a share mounted as a volume is reached by its UNC path and by its drive letter', () => {
    const image = smallImage();
    image.addVolume({ letter: 'Z', type: 'network', capacity: 1 << 30, unc: '\\\\server\\sp4share' });
    writeFile(image, '\\\\SERVER\\SP4Share\\update.exe', Buffer.from('update'));
    expect(image.readFile('Z:\\UPDATE.EXE').toString()).toBe('update');
    expect(image.volumes().find((v) => v.letter === 'Z')?.unc).toBe('\\\\server\\sp4share');
  });

  it('a share that is not mounted is ERROR_BAD_NETPATH', () => {
    const image = smallImage();
    expect(() => image.readFile('\\\\other\\share\\x')).toThrow(
      expect.objectContaining({ code: 'ERROR_BAD_NETPATH' }),
    );
  });
});
