import { JiraKitError } from '../index.js';

/** The command line is wrong: an unknown flag, a missing value, a bad combination. Exit code 2. */
export class UsageError extends JiraKitError {
  override name = 'UsageError';
}
