import { rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, readFileBounded } from '../../index.js';
import { DEFAULT_APPLICATIONS, OAuth2ClientError, createSimulator, loadSeedFile, type ApplicationSeed, type ConsumerSeed, type RunningSimulator, type Simulator, type SimulatorOptions } from '../../simulator/index.js';
import { oauth2ClientFlag } from './simulate-oauth2.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { println } from '../io.js';
import { UsageError } from '../usage-error.js';

function pair(value: string, sep: string, flag: string, example: string): [string, string] {
  const at = value.indexOf(sep);
  if (at < 1 || at === value.length - 1) throw new UsageError(`${flag} takes ${example}, not '${value}'`, { hint: `e.g. ${flag} ${example}` });
  return [value.slice(0, at), value.slice(at + 1)];
}

function count(value: string | undefined, flag: string, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new UsageError(`${flag} takes a whole number from ${min} to ${max}, not '${value}'`, { hint: 'See --help' });
  return n;
}

const OPTIONS = {
  port: { type: 'string' },
  host: { type: 'string' },
  'context-path': { type: 'string' },
  https: { type: 'boolean' },
  seed: { type: 'string' },
  consumer: { type: 'string', multiple: true },
  user: { type: 'string', multiple: true },
  pat: { type: 'string', multiple: true },
  'active-users': { type: 'string' },
  'licensed-users': { type: 'string' },
  issues: { type: 'string' },
  'rate-limit': { type: 'string' },
  latency: { type: 'string' },
  'oauth2-client': { type: 'string', multiple: true },
  'oauth2-dev-mode': { type: 'boolean' },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof OPTIONS>>['values'];

function contextPathOf(values: Values): string | undefined {
  const contextPath = values['context-path'];
  if (contextPath !== undefined && !/^(\/[A-Za-z0-9._~-]+)*\/?$/.test(contextPath)) {
    throw new UsageError(`--context-path must start with / and be a plain path, not '${contextPath}'`, { hint: 'e.g. --context-path /jira' });
  }
  return contextPath;
}

async function consumersOf(seed: SimulatorOptions, values: Values): Promise<ConsumerSeed[]> {
  const consumers: ConsumerSeed[] = [...(seed.consumers ?? [])];
  for (const spec of values.consumer ?? []) {
    const [key, file] = pair(spec, '=', '--consumer', 'KEY=PUBKEY.pem');
    let pem: string;
    try {
      // A public key is a few hundred bytes; a bound keeps a wrong path from reading a huge file.
      pem = readFileBounded(file, 64 * 1024);
    } catch {
      throw new ConfigError(`Could not read the public key ${file}`, { hint: 'Give the .pub file that `jirakit keygen` wrote' });
    }
    consumers.push({ key, publicKeyPem: pem });
  }
  return consumers;
}

function applicationsOf(seed: SimulatorOptions, values: Values): SimulatorOptions['applications'] {
  const active = count(values['active-users'], '--active-users', 0, 10_000_000);
  const licensed = count(values['licensed-users'], '--licensed-users', -1, 10_000_000);
  const applications = seed.applications;
  if (active === undefined && licensed === undefined) return applications;
  const base = (applications ?? DEFAULT_APPLICATIONS)['jira-software'] ?? (DEFAULT_APPLICATIONS['jira-software'] as ApplicationSeed);
  return { ...(applications ?? DEFAULT_APPLICATIONS), 'jira-software': { ...base, activeUsers: active ?? base.activeUsers, licensedUsers: licensed ?? base.licensedUsers } };
}

/** The simulator's options from the seed file and the flags (flags win). */
async function simulatorOptions(values: Values): Promise<SimulatorOptions> {
  const contextPath = contextPathOf(values);
  const seed: SimulatorOptions = values.seed ? await loadSeedFile(values.seed) : {};
  const users = values.user?.map((spec) => {
    const [name, password] = pair(spec, ':', '--user', 'NAME:PASSWORD');
    return { name, password };
  });
  const pats = [...(seed.pats ?? []), ...(values.pat ?? []).map((spec) => pair(spec, ':', '--pat', 'NAME:TOKEN'))];
  const applications = applicationsOf(seed, values);
  const rps = count(values['rate-limit'], '--rate-limit', 1, 100_000);
  const latency = count(values.latency, '--latency', 0, 600_000);
  const issues = count(values.issues, '--issues', 0, 1_000_000);
  const oauth2 = values['oauth2-dev-mode'] === true ? { ...seed.oauth2, devMode: true } : seed.oauth2;
  return {
    ...seed,
    consumers: await consumersOf(seed, values),
    pats,
    oauth2Clients: [...(seed.oauth2Clients ?? []), ...(values['oauth2-client'] ?? []).map(oauth2ClientFlag)],
    ...(oauth2 ? { oauth2 } : {}),
    ...(contextPath === undefined ? {} : { contextPath }),
    ...(users ? { users } : {}),
    ...(applications ? { applications } : {}),
    ...(issues === undefined ? {} : { issues }),
    ...(rps === undefined ? {} : { rateLimit: { fillRate: rps, intervalSeconds: 1, max: rps } }),
    ...(latency === undefined ? {} : { latencyMs: latency }),
  };
}

function makeSimulator(options: SimulatorOptions): Simulator {
  try {
    return createSimulator(options);
  } catch (error) {
    if (error instanceof OAuth2ClientError) throw new ConfigError(error.message, { hint: 'See --oauth2-client in `jirakit simulate --help`' });
    throw new ConfigError(`A consumer's key is not a usable public key (${error instanceof Error ? error.message : 'unreadable'})`, { hint: 'Give the .pub file that `jirakit keygen` wrote' });
  }
}

/**
 * Writes the certificate into a private temporary folder; `remove` deletes the folder. A process
 * that ends without reaching it (an uncaught error, process.exit) still removes it on exit.
 */
async function writeCertificate(pem: string): Promise<{ file: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'jirakit-simulator-'));
  const onExit = (): void => rmSync(dir, { recursive: true, force: true });
  process.once('exit', onExit);
  const file = join(dir, 'cert.pem');
  await writeFile(file, pem);
  return {
    file,
    remove: async () => {
      process.off('exit', onExit);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function printBanner(io: Parameters<Command['run']>[1], sim: Simulator, running: RunningSimulator, certFile: string | undefined): void {
  println(io.stdout, `Jira simulator listening on ${running.url}`);
  println(io.stdout, `Users: ${[...sim.state.users.values()].map((u) => `${u.name}:${u.password}${u.admin ? ' (administrator)' : ''}`).join(', ')}`);
  if (sim.state.consumers.size > 0) println(io.stdout, `Consumers: ${[...sim.state.consumers.keys()].join(', ')}`);
  const patUsers = [...new Set([...sim.state.pats.values()].map((p) => p.user))];
  if (patUsers.length > 0) println(io.stdout, `Personal access tokens for: ${patUsers.join(', ')}`);
  if (sim.oauth2.clients.size > 0) {
    const note = running.certPem || sim.options.oauth2.devMode ? '' : ' (the consent page needs HTTPS: add --https or --oauth2-dev-mode)';
    println(io.stdout, `OAuth 2.0 clients: ${[...sim.oauth2.clients.keys()].join(', ')}${note}`);
  }
  if (certFile) println(io.stdout, `Certificate (trust it with --ca-file or NODE_EXTRA_CA_CERTS): ${certFile}`);
  println(io.stdout, 'Press Ctrl-C to stop.');
}

/** Resolves on the first SIGINT or SIGTERM. */
function stopSignal(): Promise<void> {
  return new Promise<void>((resolve) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolve();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** `jirakit simulate`: a Jira Data Center simulator on loopback. */
export const simulate: Command = {
  summary: 'run a Jira Data Center simulator on loopback',
  help: `Usage: jirakit simulate [options]

Serves a Jira Data Center simulator that verifies OAuth 1.0a signatures for real,
until Ctrl-C. The first line is its base URL; then the demo credentials. The
first user (admin:admin by default) is a Jira administrator.

Options:
  --port N                 port (default 0: a free one)
  --host ADDR              address to bind (default 127.0.0.1)
  --context-path /jira     context path (default none)
  --https                  serve HTTPS with a self-signed certificate (its file is printed)
  --seed FILE              settings as JSON (users, consumers, projects, applications...)
  --consumer KEY=PUB.pem   an application link consumer (repeatable)
  --user NAME:PASSWORD     a user (repeatable; replaces admin:admin and jdoe:jdoe)
  --pat NAME:TOKEN         a personal access token for a user (repeatable)
  --active-users N         Jira Software seats in use (default 45)
  --licensed-users M       Jira Software seats licensed (default 50; -1 unlimited)
  --issues N               seeded issues (default 100)
  --rate-limit RPS         DC rate limiting: RPS requests per second per user
  --latency MS             delay every answer
  --oauth2-client ID,SECRET,REDIRECT_URI[,SCOPE]
                           an OAuth 2.0 incoming link (repeatable; SCOPE READ,
                           WRITE (default), ADMIN or SYSTEM_ADMIN)
  --oauth2-dev-mode        OAuth 2.0 consent over plain HTTP (atlassian.dev.mode);
                           without it or --https the consent page answers 400

Example:
  jirakit keygen --out rsa.pem && jirakit simulate --consumer monitor-jira-license=rsa.pub`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, OPTIONS);
    const port = count(values.port, '--port', 0, 65535) ?? 0;
    const host = values.host ?? '127.0.0.1';
    const sim = makeSimulator(await simulatorOptions(values));
    const running = await sim.listen({ port, host, https: values.https === true }).catch((error: NodeJS.ErrnoException) => {
      throw new ConfigError(`Could not listen on ${host}:${port} (${error.code ?? error.message})`, { hint: 'Choose another --port, or 0 for a free one' });
    });
    const cert = running.certPem ? await writeCertificate(running.certPem) : undefined;
    try {
      // Listen for the signal before saying so: a signal in between would kill the process unheard.
      const stopped = stopSignal();
      printBanner(io, sim, running, cert?.file);
      await stopped;
      await running.close();
    } finally {
      await cert?.remove();
    }
    println(io.stderr, 'Jira simulator stopped.');
    return 0;
  },
};
