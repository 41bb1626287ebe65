import { describe, expect, it } from 'vitest';
import { WinError } from '../../src/errors/index.js';
import { WinImage } from '../../src/machine/index.js';
import { SESSION_MANAGER_KEY } from '../../src/boot/index.js';

const SPOOLER = 'C:\\WINNT\\system32\\spoolsv.exe';

describe('the boot on the default Windows 2000 image (WinImage)', () => {
  it('B19: a service holds spoolsv.exe; the queued replace runs at boot and the service holds the new file', () => {
    const image = WinImage.create();
    const spooler = image.services().find((s) => s.name === 'Spooler');
    expect(spooler?.state).toBe('running');
    expect(() => image.writeFile(SPOOLER, Buffer.from('new spooler'))).toThrow(WinError);

    image.writeFile('C:\\WINNT\\system32\\spoolsv.new', Buffer.from('new spooler'));
    image.registry.setValue(SESSION_MANAGER_KEY, 'AllowProtectedRenames', 'REG_DWORD', 1);
    image.moveFileEx('C:\\WINNT\\system32\\spoolsv.new', SPOOLER, 5);
    const [pending] = image.pendingRenames();
    expect(pending).toMatchObject({
      source: '\\??\\C:\\WINNT\\system32\\spoolsv.new',
      replaceExisting: true,
      sourceExists: true,
      wouldFail: false,
    });

    const report = image.reboot();
    expect(report.entries.map((e) => e.outcome)).toEqual(['replaced']);
    expect(report.processesEnded).toBeGreaterThan(0);
    expect(report.servicesStarted).toContain('Spooler');
    expect(Buffer.from(image.readFile(SPOOLER)).toString()).toBe('new spooler');
    const process = image.processes().find((p) => p.service === 'Spooler');
    expect(process?.holds.map((h) => h.toLowerCase())).toContain(SPOOLER.toLowerCase());
    expect(image.pendingRenames()).toEqual([]);
    // Held again: the new file is in use.
    expect(() => image.writeFile(SPOOLER, Buffer.from('again'))).toThrow(WinError);
  });

  it('the same cycle in transactional mode gives the same image', () => {
    const windows = WinImage.create();
    windows.writeFile('C:\\WINNT\\system32\\spoolsv.new', Buffer.from('new spooler'));
    windows.moveFileEx('C:\\WINNT\\system32\\spoolsv.new', SPOOLER, 5);
    windows.moveFileEx('C:\\WINNT\\system32\\spoolsv.new', null, 4);
    const transactional = windows.fork();
    const a = windows.reboot();
    const b = transactional.reboot({ mode: 'transactional' });
    expect(b.entries).toEqual(a.entries);
    expect(transactional.digest()).toBe(windows.digest());
  });
});
