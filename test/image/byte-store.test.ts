import { describe, expect, it } from 'vitest';
import { ByteStore } from '../../src/image/byte-store.js';

describe('byte store: the memfs volume of a drive', () => {
  it('files made, replaced, moved and removed read back through memfs itself', () => {
    const store = new ByteStore();
    const winnt = store.createDirectory(store.root, 'WINNT');
    const system32 = store.createDirectory(winnt, 'system32');
    const a = store.createFile(system32, 'a.dll', Buffer.from('first a'));
    store.createFile(system32, 'b.dll', Buffer.from('b'));
    const vol = store.volume;
    expect(vol.readFileSync('/WINNT/system32/a.dll', 'utf8')).toBe('first a');
    expect(vol.readdirSync('/WINNT/system32')).toEqual(['a.dll', 'b.dll']);
    store.setContent(a, Buffer.from('second a'));
    expect(vol.readFileSync('/WINNT/system32/a.dll', 'utf8')).toBe('second a');
    expect(store.content(a, 8).toString()).toBe('second a');
    store.move(a, winnt, 'moved.dll');
    expect(vol.readFileSync('/WINNT/moved.dll', 'utf8')).toBe('second a');
    expect(vol.readdirSync('/WINNT/system32')).toEqual(['b.dll']);
    store.remove(a);
    expect(vol.existsSync('/WINNT/moved.dll')).toBe(false);
    expect(vol.readdirSync('/WINNT').sort()).toEqual(['system32']);
    // folders keep memfs's own structures: a folder made after files still takes children
    const drivers = store.createDirectory(system32, 'drivers');
    store.createFile(drivers, 'c.sys', Buffer.from('c'));
    expect(vol.readdirSync('/WINNT/system32/drivers')).toEqual(['c.sys']);
  });

  it('a file link takes no children, and its node keeps no times of its own', () => {
    const store = new ByteStore();
    const file = store.createFile(store.root, 'x.txt', Buffer.from('x'));
    expect(() => file.children.set('y', undefined)).toThrow(/a file cannot hold 'y'/);
    const other = store.createFile(store.root, 'y.txt', Buffer.from('y'));
    const node = file.getNode() as unknown as { mtime: Date; ctime: Date };
    expect(node.mtime).toBe((other.getNode() as unknown as { mtime: Date }).mtime);
    store.setContent(file, Buffer.from('x2'));
    expect(node.ctime).toBe((other.getNode() as unknown as { ctime: Date }).ctime);
  });
});
