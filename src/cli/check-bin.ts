import { checkLicenseMain } from './check-license.js';
import { processIo } from './io.js';

// Built as CommonJS (scripts/build.mjs): no top-level await, so the ESM loader never starts.
// The plugin exits as soon as its line is written: a lingering socket must never hold a
// monitoring system's worker past the answer.
void checkLicenseMain(process.argv.slice(2), processIo(process.argv.slice(2))).then((code) => {
  process.stdout.write('', () => process.exit(code));
});
