/**
 * Seams at the exact moments a host race can happen, so that tests can swap a path for a symbolic
 * link or a FIFO there deterministically. Production code never sets them.
 */
export const raceHooks: {
  /** Before the import's scan opens a folder it found (after it saw it was a folder). */
  beforeFolderOpen?: (hostPath: string) => Promise<void> | void;
  /** After the import's scan, before any file is opened. */
  afterScan?: () => Promise<void> | void;
  /** After the export created (or found) a host folder and before it writes into it. */
  afterFolderReady?: (hostPath: string) => Promise<void> | void;
} = {};
