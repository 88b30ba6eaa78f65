import { describeFailure } from '../nagios/failure.js';
import { STATES, formatOutput } from '../nagios/output.js';
import { checkLicenseMain } from './check-license.js';
import { processIo } from './io.js';

// Built as CommonJS (scripts/build.mjs): no top-level await, so the ESM loader never starts.
// The plugin exits as soon as its line is written: a lingering socket must never hold a
// monitoring system's worker past the answer. Whatever escapes is UNKNOWN, never Node's exit 1,
// which a monitoring system would read as WARNING (monitoring-plugins.md).
const io = processIo(process.argv.slice(2));
const unknown = (error: unknown): void => {
  const { state, text } = describeFailure(error, 'UNKNOWN');
  io.stdout.write(`${formatOutput('JIRA LICENSE', state, text, [])}\n`, () => process.exit(STATES[state]));
};
process.on('uncaughtException', unknown);
process.on('unhandledRejection', unknown);
checkLicenseMain(process.argv.slice(2), io).then(
  (code) => process.stdout.write('', () => process.exit(code)),
  unknown,
);
