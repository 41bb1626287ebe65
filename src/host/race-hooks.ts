/**
 * Seams at the exact moments a host race can happen, so that tests can swap a path for a symbolic
 * link or a FIFO there deterministically. Production code never sets them.
 */
export const raceHooks: {
  /** After the import's scan, before any file is opened. */
  afterScan?: () => Promise<void> | void;
  /** After the export created (or found) a host folder and before it writes into it. */
  afterFolderReady?: (hostPath: string) => Promise<void> | void;
} = {};
