import { readFile } from 'node:fs/promises';
import { ConfigError } from '../../errors/jira-kit-error.js';
import { createSimulator, type ConsumerSeed, type UserSeed } from '../../simulator/simulator.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { println } from '../io.js';
import { UsageError } from '../usage-error.js';

function pair(value: string, sep: string, flag: string, example: string): [string, string] {
  const at = value.indexOf(sep);
  if (at < 1 || at === value.length - 1) throw new UsageError(`${flag} takes ${example}, not '${value}'`, { hint: `e.g. ${flag} ${example}` });
  return [value.slice(0, at), value.slice(at + 1)];
}

/** `jirakit simulate`: a Jira Data Center simulator on loopback. */
export const simulate: Command = {
  summary: 'run a Jira Data Center simulator on loopback',
  help: `Usage: jirakit simulate [--port 0] [--host 127.0.0.1] [--context-path /jira]
                        [--consumer KEY=PUBKEY.pem ...] [--user NAME:PASSWORD ...]
                        [--pat NAME:TOKEN ...]

Serves a Jira Data Center simulator that verifies OAuth 1.0a signatures for real,
until Ctrl-C. The first line is its base URL. The first --user (admin:admin by
default) is a Jira administrator.

Example:
  jirakit keygen --out rsa.pem && jirakit simulate --consumer monitor-jira-license=rsa.pub`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, {
      port: { type: 'string' },
      host: { type: 'string' },
      'context-path': { type: 'string' },
      consumer: { type: 'string', multiple: true },
      user: { type: 'string', multiple: true },
      pat: { type: 'string', multiple: true },
    });
    const port = Number(values.port ?? 0);
    if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError(`--port takes 0 to 65535, not '${values.port}'`, { hint: '0 picks a free port' });
    const contextPath = values['context-path'] ?? '';
    if (contextPath && !/^\/[A-Za-z0-9._~/-]*$/.test(contextPath)) throw new UsageError(`--context-path must start with / and be a plain path, not '${contextPath}'`, { hint: 'e.g. --context-path /jira' });
    const consumers: ConsumerSeed[] = [];
    for (const spec of values.consumer ?? []) {
      const [key, file] = pair(spec, '=', '--consumer', 'KEY=PUBKEY.pem');
      let pem: string;
      try {
        pem = await readFile(file, 'utf8');
      } catch {
        throw new ConfigError(`Could not read the public key ${file}`, { hint: 'Give the .pub file that `jirakit keygen` wrote' });
      }
      consumers.push({ key, publicKeyPem: pem });
    }
    const users: UserSeed[] | undefined = values.user?.map((spec) => {
      const [name, password] = pair(spec, ':', '--user', 'NAME:PASSWORD');
      return { name, password };
    });
    const pats = (values.pat ?? []).map((spec) => pair(spec, ':', '--pat', 'NAME:TOKEN'));
    let sim;
    try {
      sim = createSimulator({ contextPath, consumers, ...(users ? { users } : {}), pats });
    } catch (error) {
      throw new ConfigError(`A --consumer key file is not a usable public key (${error instanceof Error ? error.message : 'unreadable'})`, { hint: 'Give the .pub file that `jirakit keygen` wrote' });
    }
    const running = await sim.listen({ port, host: values.host ?? '127.0.0.1' });
    println(io.stdout, `Jira simulator listening on ${running.url}`);
    println(io.stdout, `Users: ${[...sim.state.users.values()].map((u) => `${u.name}:${u.password}${u.admin ? ' (administrator)' : ''}`).join(', ')}`);
    if (consumers.length > 0) println(io.stdout, `Consumers: ${consumers.map((c) => c.key).join(', ')}`);
    if (pats.length > 0) println(io.stdout, `Personal access tokens for: ${pats.map(([u]) => u).join(', ')}`);
    println(io.stdout, 'Press Ctrl-C to stop.');
    await new Promise<void>((resolve) => {
      const stop = (): void => {
        process.off('SIGINT', stop);
        process.off('SIGTERM', stop);
        resolve();
      };
      process.on('SIGINT', stop);
      process.on('SIGTERM', stop);
    });
    await running.close();
    println(io.stderr, 'Jira simulator stopped.');
    return 0;
  },
};
