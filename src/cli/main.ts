#!/usr/bin/env node
// A plain `#!` line: npm's cmd-shim turns it into the Windows launchers, and it cannot parse
// `env -S VAR=a=b node` (it would run a program named after the variable). Huge pages for large
// images: the command turns them on for itself by running once more (huge-pages.ts).
import { relaunchWithHugePages } from './huge-pages.js';

if (!(await relaunchWithHugePages())) await (await import('./command-line.js')).runCommandLine();
