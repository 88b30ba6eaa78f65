// The OAuth 2.0 dance as users run it, for the CLI tests: the simulator's provider over loopback
// (dev mode, so plain http is allowed), a redirect URL on a free port, the built CLI and plugin
// as processes, and the scripted user who logs in, clicks Allow and lets the browser follow the
// redirect to jirakit's listener.
import { after } from 'node:test';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { consentAsUser, createSimulator, type ConsentResult, type OAuth2Scope, type RunningSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { parseIni } from '../../src/index.js';
import { cleanEnv, startCli, type CliProcess } from './cli.js';
import { CHECK } from '../nagios/plugin-process.js';

/** A client secret that marks leaks: it must never appear in output. */
export const SECRET = 'CLIENTSECRETMARKER-7c1d9e2f';

/** A free loopback port for a redirect URL (the dance listens there on 127.0.0.1 and ::1). */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

const running: RunningSimulator[] = [];
after(async () => {
  for (const r of running) await r.close();
});

/** A provider on loopback with one client (scope ADMIN by default) whose redirect is on a free port; its clock is settable. */
export async function provider(options: { scope?: OAuth2Scope; devMode?: boolean; extra?: SimulatorOptions } = {}) {
  const port = await freePort();
  const redirect = `http://localhost:${port}/callback`;
  const clock = { ms: Date.now() };
  const client = { clientId: '5e0f7a1b2c3d4e5f60718293a4b5c6d7', clientSecret: SECRET, redirectUris: [redirect], scope: options.scope ?? 'ADMIN', name: 'jirakit tests' };
  const sim: Simulator = createSimulator({ contextPath: '/jira', now: () => clock.ms, oauth2Clients: [client], oauth2: { devMode: options.devMode ?? true }, ...options.extra });
  const r = await sim.listen();
  running.push(r);
  return { sim, url: r.url, redirect, port, clock, client };
}

/** The provider's shape, for helpers. */
export type Provider = Awaited<ReturnType<typeof provider>>;

/** The dance's arguments for a provider; the secret comes from the environment, as users should pass it. */
export function danceArgs(p: Provider, extra: readonly string[] = []): string[] {
  return ['dance', '--oauth2', '--server', p.url, '--client-id', p.client.clientId, '--redirect-uri', p.redirect, ...extra];
}

/** The environment of a run: HOME, and the client secret in JIRA_CLIENT_SECRET. */
export function danceEnv(home: string, extra: Record<string, string> = {}): Record<string, string> {
  return cleanEnv(home, { JIRA_CLIENT_SECRET: SECRET, ...extra });
}

/** Waits for the dance to listen, then logs in and decides as `user`; the browser then follows the redirect. */
export async function approve(cli: CliProcess, user = 'admin', decision: 'allow' | 'deny' = 'allow', follow = true): Promise<ConsentResult> {
  const [, url = ''] = await cli.waitFor(/^ {4}(http\S+\/rest\/oauth2\/latest\/authorize\?\S+)$/m);
  await cli.waitFor(/Waiting for Jira to send the browser back/);
  const result = await consentAsUser({ authorizeUrl: url, username: user, password: user, decision });
  if (follow) await fetch(result.redirectedTo).then((r) => r.text()).catch(() => undefined);
  return result;
}

/** Runs the dance to its end with the scripted user; returns the process's output. */
export async function dance(p: Provider, home: string, extra: readonly string[] = [], user = 'admin') {
  const cli = startCli(danceArgs(p, extra), danceEnv(home));
  cli.child.stdin.end();
  await approve(cli, user);
  const code = await cli.exit();
  return { code, stdout: cli.stdout(), stderr: cli.stderr() };
}

/** The profile's fields as saved. */
export function savedProfile(home: string, name = 'default'): Record<string, string> {
  const data = parseIni(readFileSync(join(home, '.config', 'jirakit', 'profiles.ini'), 'utf8'));
  return Object.fromEntries(data.get(name) ?? []);
}

/** One plugin run with this HOME (its profile), as Nagios runs it. */
export async function plugin(home: string, args: readonly string[] = []): Promise<{ code: number; out: string; err: string }> {
  const child = spawn(process.execPath, [CHECK, ...args], { env: cleanEnv(home), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  return { code, out, err };
}
