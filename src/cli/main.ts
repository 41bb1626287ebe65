#!/usr/bin/env node
import { createProgram } from './program.js';
import { normalizeUpdateSwitches } from './switches.js';

await createProgram().parseAsync(normalizeUpdateSwitches(process.argv));
