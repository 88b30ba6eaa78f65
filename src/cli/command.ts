import type { Io } from './io.js';

/** A jirakit subcommand: help text and a run function that returns the exit code. */
export interface Command {
  /** One line for the command list. */
  readonly summary: string;
  /** Usage, options and one example. */
  readonly help: string;
  /** Takes its arguments untouched (-v, -h and errors are its own business: the monitoring plugin). */
  readonly raw?: boolean;
  /** Runs the command; throws JiraKitErrors for the user to read, returns the exit code. */
  run(argv: readonly string[], io: Io): Promise<number>;
}
