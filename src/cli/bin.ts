import { processIo } from './io.js';
import { main } from './main.js';

// The bin owns the process: main() only returns a code (citty's runMain exits 1, which a
// monitoring plugin must never do by accident). Ctrl-C keeps Node's default: the process ends
// at once, which the shell reports as 130.
process.exitCode = await main(process.argv.slice(2), processIo(process.argv.slice(2)));
