import { processIo } from './io.js';
import { jirashellMain } from './jirashell.js';

process.exitCode = await jirashellMain(process.argv.slice(2), processIo(process.argv.slice(2)));
