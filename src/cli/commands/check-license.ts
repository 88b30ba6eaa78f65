import { checkLicenseMain } from '../check-license.js';
import type { Command } from '../command.js';

/** `jirakit check-license`: the same plugin as the check_jira_license bin. */
export const checkLicense: Command = {
  summary: 'the monitoring plugin for license seats and expiry (also check_jira_license)',
  help: 'Usage: jirakit check-license [plugin options]; see check_jira_license --help\n\nExample:\n  jirakit check-license --profile monitor -w 90 -c 98',
  raw: true,
  run: (argv, io) => checkLicenseMain(argv, io),
};
