/** The shape of a package manifest, as the rest of the engine reads it once validated. */
import type { RegistryInstruction } from './registry.js';

/** What a package installs on: service-pack levels and hotfixes that must (or may) be present first. */
export interface Prerequisites {
  /** The installed service-pack level must be at least this. */
  minLevel?: number;
  /** The installed level must be one of these (SMS 2.0 SP4: `[2, 3]`). */
  anyOfLevels?: number[];
  /** This level must have been installed and may not be skipped (NT 4.0 Enterprise Edition: SP3). */
  requiresLevel?: number;
  /** Hotfixes that must be installed (`'Q823980'`). */
  hotfixes?: string[];
  /** Why, in words, for the refusal message. */
  note?: string;
}

/** One file a package installs. */
export interface ManifestFile {
  /** Its payload member name: relative, `/`-separated (`'i386/ntoskrnl.exe'`). */
  source: string;
  /** Where it goes: a Windows path rooted at an environment string or a drive (`'%SystemRoot%\\system32\\ntoskrnl.exe'`). */
  target: string;
  /** Its file version, `a.b.c.d` with 16-bit parts; absent for unversioned files. */
  version?: string;
  /** Its length in bytes. */
  size: number;
  /** SHA-256 of its bytes: 64 lower-case hex digits. */
  sha256: string;
  /** xxh64 of its bytes (seed 0): 16 lower-case hex digits. */
  xxh64: string;
  /** Protected by Windows File Protection. */
  protected?: boolean;
  /** The optional component it belongs to: installed only when that component is present, else only kept in `ServicePackFiles`. */
  optionalComponent?: string;
  /** An OEM-supplied file: not replaced without asking (update.exe `-o`). */
  oem?: boolean;
  /** The hotfix branch this copy is for; a service pack may carry one copy per branch for the same target. */
  branch?: 'gdr' | 'qfe';
  /** The languages this copy covers (Windows Installer's language rule); absent means language-neutral. */
  languages?: string[];
  /** A driver: also goes into the service pack's driver cabinet (`SpN.cab`). */
  driver?: boolean;
}

/** A post-install task: update.exe runs rundll32 entry points. */
export interface PostInstallTask {
  run: 'rundll32';
  /** The DLL, a file name or a Windows path (`'setupapi.dll'`, `'%SystemRoot%\\system32\\syssetup.dll'`). */
  dll: string;
  /** The exported entry point (`'InstallHinfSection'`). */
  entry: string;
  /** The command-line text passed to it. */
  args?: string;
}

/** A package's description: what it is, what it needs, and everything it changes. */
export interface Manifest {
  /** The manifest schema version. */
  schema: 1;
  /** The package id: `'W2K-SP4'` for a service pack, `'Q823980'` (or `'KB823980'`) for a hotfix. */
  id: string;
  title: string;
  /** `'Windows 2000'`, `'Windows NT 4.0'`, `'SMS 2.0'`... */
  product: string;
  kind: 'servicePack' | 'hotfix';
  /** The service-pack level a service pack brings; for a hotfix, the level it was built on (optional). */
  level?: number;
  /** The editions it applies to: `'Professional'`, `'Server'`, `'Advanced Server'`, `'Datacenter Server'`, `'Enterprise Edition'`. */
  editions: string[];
  /** `'en-US'`. */
  language: string;
  prerequisites: Prerequisites;
  /** Packages it replaces (they need not be installed first). */
  supersedes: string[];
  /** Hotfixes it contains; installed hotfixes not listed here are regressed by a service pack. */
  includesHotfixes: string[];
  files: ManifestFile[];
  registry: RegistryInstruction[];
  tasks: PostInstallTask[];
  /** The catalog it installs (`'sp4.cat'`). */
  catalog?: { name: string };
  /** The driver cabinet it leaves in `Driver Cache\i386` (`'sp4.cab'`) and the payload members that go into it. */
  driverCab?: { name: string; members: string[] };
}

/** Options of `validateManifest` and `manifestProblems`. */
export interface ValidateOptions {
  /**
   * The package payload to check the manifest against: every file's source must be a member with the
   * manifest's size and SHA-256, and every member must be described by some file.
   */
  payload?: ReadonlyMap<string, Uint8Array>;
}
