/** The syntactic form a Windows path is written in. */
export type PathKind =
  'driveAbsolute' | 'driveRelative' | 'rooted' | 'relative' | 'unc' | 'verbatim' | 'ntObject';

/** A path split into its parts as written, before any resolution against a current directory. */
export interface ParsedPath {
  kind: PathKind;
  /** Upper-case drive letter (`'C'`) when the path names one, verbatim and NT object forms included. */
  drive?: string;
  /** UNC server, as written (also for `\\?\UNC\server\share` and `\??\UNC\server\share`). */
  server?: string;
  /** UNC share, as written. */
  share?: string;
  /** The remaining name segments; `.`, `..` and trailing dots or spaces are still as written. */
  segments: string[];
  /** The text that was parsed. */
  original: string;
}

/** Environment variables, looked up case-insensitively. */
export type Environment = ReadonlyMap<string, string> | Readonly<Record<string, string>>;

/** What a relative path is resolved against. */
export interface PathContext {
  /** The current drive letter (`'C'`; `'c'` and `'C:'` are accepted too). */
  currentDrive: string;
  /** Each drive's current folder as normalised segments (absent: the drive's root). */
  cwdByDrive?: Record<string, string[]>;
  /** When given, `%NAME%` references are expanded before parsing. */
  env?: Environment;
}

/** A fully resolved absolute path: a drive or a UNC share plus normalised, validated segments. */
export interface ResolvedPath {
  /** Upper-case drive letter; absent for a UNC path. */
  drive?: string;
  /** UNC server and share, case as written; absent for a drive path. */
  server?: string;
  share?: string;
  /** The names below the root, case preserved; empty for the root itself. */
  segments: string[];
  /** True when it came from a verbatim (`\\?\`) or NT object (`\??\`) path, which are not normalised. */
  verbatim: boolean;
}
