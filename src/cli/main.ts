import { VERSION } from '../version.js';
import type { Command } from './command.js';
import { println, type Io } from './io.js';
import { EXIT, exitCodeFor, formatError } from './report.js';
import { UsageError } from './usage-error.js';

// Commands load lazily, so `jirakit sign` never parses the simulator and vice versa.
const COMMANDS: Record<string, { summary: string; load: () => Promise<Command> }> = {
  keygen: { summary: 'make an RSA key pair for a Jira application link', load: async () => (await import('./commands/keygen.js')).keygen },
  applink: { summary: "print the values for Jira's incoming-link form; --server checks the consumer", load: async () => (await import('./commands/applink.js')).applink },
  dance: { summary: 'the OAuth dance (1.0a, or 2.0 with --oauth2): get tokens; --save keeps them in a profile', load: async () => (await import('./commands/dance.js')).dance },
  logout: { summary: "revoke a profile's OAuth 2.0 tokens at Jira and remove them (OAuth 1.0a: remove them)", load: async () => (await import('./commands/logout.js')).logout },
  request: { summary: 'one raw, signed REST call; prints the JSON', load: async () => (await import('./commands/request.js')).request },
  shell: { summary: "a REPL with 'jira', the authenticated client", load: async () => (await import('./commands/shell.js')).shell },
  sign: { summary: 'print the Authorization header and base string for a request', load: async () => (await import('./commands/sign.js')).sign },
  simulate: { summary: 'run a Jira Data Center simulator on loopback', load: async () => (await import('./commands/simulate.js')).simulate },
  'check-license': { summary: 'the monitoring plugin for license seats and expiry (also check_jira_license)', load: async () => (await import('./commands/check-license.js')).checkLicense },
  metrics: { summary: 'license metrics for Prometheus: to stdout, or a node_exporter textfile', load: async () => (await import('./commands/metrics.js')).metrics },
  exporter: { summary: 'a Prometheus exporter of license metrics: /metrics, /probe?target=PROFILE', load: async () => (await import('./commands/exporter.js')).exporter },
  demo: { summary: 'the whole procedure against an in-process simulator', load: async () => (await import('./commands/demo.js')).demo },
};

function topHelp(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((n) => n.length));
  return `jirakit ${VERSION}: scripting Jira Server / Data Center with OAuth 1.0a (RSA-SHA1) or OAuth 2.0

Usage: jirakit <command> [options]

Commands:
${Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`).join('\n')}

Every command answers --help. Examples:
  jirakit dance --server https://jira.example.com --consumer-key monitor-jira-license --key-cert rsa.pem --save
  jirakit dance --oauth2 --server https://jira.example.com --client-id ID --scope ADMIN --save`;
}

/** Runs jirakit with these arguments; returns the exit code and never exits the process itself. */
export async function main(argv: readonly string[], io: Io): Promise<number> {
  const verbose = argv.includes('-v') || argv.includes('--verbose');
  const debug = io.env['JIRAKIT_DEBUG'] === '1';
  try {
    const [name, ...rest] = argv;
    if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
      println(io.stdout, topHelp());
      return name === undefined ? EXIT.usage : EXIT.ok;
    }
    if (name === '--version' || name === '-V') {
      println(io.stdout, VERSION);
      return EXIT.ok;
    }
    const entry = COMMANDS[name];
    if (!entry) throw new UsageError(`'${name}' is not a jirakit command`, { hint: 'Run `jirakit --help` for the list' });
    const command = await entry.load();
    if (command.raw) return await command.run(rest, io);
    if (rest.includes('--help') || rest.includes('-h')) {
      println(io.stdout, command.help);
      return EXIT.ok;
    }
    return await command.run(rest.filter((a) => a !== '-v' && a !== '--verbose'), { ...io, verbose });
  } catch (error) {
    for (const line of formatError(error, { program: 'jirakit', verbose, debug })) println(io.stderr, line);
    return exitCodeFor(error);
  }
}
