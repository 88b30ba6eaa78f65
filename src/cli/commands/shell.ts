import { CONNECTION_HELP, CONNECTION_OPTIONS, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { connectFromFlags } from '../connect-cli.js';
import { ShellRequests } from '../shell-requests.js';
import { runShell } from '../shell.js';

/** `jirakit shell`: a REPL with `jira`, the authenticated client. */
export const shell: Command = {
  summary: "a REPL with 'jira', the authenticated client",
  help: `Usage: jirakit shell [connection]

A Node.js REPL with 'jira', the authenticated client, in scope. Top-level await
works, and a Promise prints its resolved value, so 'jira.serverInfo()' shows the
answer. Tab completes the client's methods; python-jira's names (server_info,
search_issues, myself, issue, projects, create_issue, add_comment, transitions,
transition_issue, application_roles) work too. History is kept in
$XDG_STATE_HOME/jirakit/shell_history (0600) without lines that hold secrets.
A wait of over a second shows a status line; Ctrl-C drops the line being waited
for and its requests.
Piped input runs line by line and exits:  jirakit shell <<< 'jira.server_info()'

${CONNECTION_HELP}

Example:
  jirakit shell --profile default`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, CONNECTION_OPTIONS);
    const requests = new ShellRequests();
    const { client, config } = await connectFromFlags(values, io, { hooks: requests.hooks, signal: requests.signal });
    return runShell(client, io, {
      server: config.server,
      requests,
    });
  },
};
