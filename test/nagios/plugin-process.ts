// check_jira_license as Nagios runs it, for the plugin's tests: the built bin as a process, its
// stdout and exit code, and simulators over loopback that close when the test file ends.
import { after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createSimulator, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { CONSUMER, testKeyPem } from '../helpers/keys.js';
import { cleanEnv, freshHome } from '../helpers/cli.js';

/** The bundled plugin, as installed (npm test builds it first). */
export const CHECK = fileURLToPath(new URL('../../dist/check_jira_license.cjs', import.meta.url));

/** Basic credentials of the simulator's administrator: they pass WebSudo, so UPM answers. */
export const ADMIN_ENV = { JIRA_USERNAME: 'admin', JIRA_PASSWORD: 'admin' } as const;

/** A seed application. */
export const app = (active: number, licensed: number, extra: object = {}) => ({ name: 'Jira Software', version: '10.3.19', activeUsers: active, licensedUsers: licensed, ...extra });

const servers: RunningSimulator[] = [];
after(async () => {
  for (const s of servers) await s.close();
});

/** A simulator listening on loopback. */
export async function jira(options: SimulatorOptions = {}) {
  const sim = createSimulator({ consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }], pats: [['admin', 'PAT-admin'], ['jdoe', 'PAT-jdoe']], ...options });
  const running = await sim.listen();
  servers.push(running);
  return { sim, url: running.url, close: () => running.close() };
}

/** One run of the plugin. */
export interface Run {
  readonly code: number;
  readonly out: string;
  readonly ms: number;
  /** The stdout lines without the final newline's empty one. */
  readonly lines: string[];
}

/** Runs the plugin; stderr must stay empty (Nagios does not read it). */
export async function check(args: readonly string[], env: Record<string, string> = {}): Promise<Run> {
  const t0 = Date.now();
  const child = spawn(process.execPath, [CHECK, ...args], { env: cleanEnv(freshHome(), env), stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  child.stderr.on('data', (d: Buffer) => { err += d.toString(); });
  const code = await new Promise<number>((resolve) => child.on('close', (c) => resolve(c ?? -1)));
  assert.equal(err, '', 'a plugin writes only to stdout');
  return { code, out, ms: Date.now() - t0, lines: out.replace(/\n$/, '').split('\n') };
}

/**
 * How long this machine takes to start the plugin and have it answer at once (-V): the slack a
 * timing test allows above -t, so a busy machine is measured against itself, not a fixed time.
 */
export async function startupMs(): Promise<number> {
  const runs = [await check(['-V']), await check(['-V'])];
  return Math.max(...runs.map((r) => r.ms));
}
