import { checkLicenseMain } from './check-license.js';
import { processIo } from './io.js';

// The plugin exits as soon as its line is written: a lingering socket must never hold a
// monitoring system's worker past the answer.
const code = await checkLicenseMain(process.argv.slice(2), processIo());
process.stdout.write('', () => process.exit(code));
