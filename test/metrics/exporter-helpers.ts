// The exporter as a process for the metrics tests, with profiles written as `dance --save` writes them.
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cleanEnv, freshHome, startCli, type CliProcess } from '../helpers/cli.js';

/** Profiles by name, each a map of profile keys (server, token, username, ...). */
export type Profiles = Record<string, Record<string, string>>;

/** Writes profiles.ini under HOME's XDG config directory, 0600 in a 0700 directory. */
export function writeProfiles(home: string, profiles: Profiles): void {
  const dir = join(home, '.config', 'jirakit');
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  const text = Object.entries(profiles).map(([name, keys]) => `[${name}]\n${Object.entries(keys).map(([k, v]) => `${k} = ${v}`).join('\n')}\n`).join('\n');
  writeFileSync(join(dir, 'profiles.ini'), text, { mode: 0o600 });
}

/** A running exporter: its base URL (http://127.0.0.1:PORT) and the process. */
export interface Exporter {
  readonly base: string;
  readonly process: CliProcess;
  readonly home: string;
}

/** Starts `jirakit exporter --listen 127.0.0.1:0 ARGS` with these profiles and waits for its address. */
export async function startExporter(args: readonly string[], profiles: Profiles, env: Record<string, string> = {}, home = freshHome()): Promise<Exporter> {
  writeProfiles(home, profiles);
  const process = startCli(['exporter', '--listen', '127.0.0.1:0', ...args], cleanEnv(home, env));
  const match = await process.waitFor(/listening on (http:\/\/\S+)\/metrics/);
  return { base: match[1] ?? '', process, home };
}

/** GET a page: status, content type and body. */
export async function get(url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; body: string }> {
  const response = await fetch(url, { headers });
  return { status: response.status, type: response.headers.get('content-type') ?? '', body: await response.text() };
}

/** The series lines of an exposition. */
export const seriesOf = (text: string): string[] => text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));

const EXAMPLE = fileURLToPath(new URL('../../examples/prometheus/', import.meta.url));

/** examples/prometheus/prometheus.yml (README's scrape configs and rules), pointed at this exporter, scraping every second. */
export function prometheusConfig(exporter: string): string {
  return readFileSync(join(EXAMPLE, 'prometheus.yml'), 'utf8')
    .replaceAll('127.0.0.1:9PORT', exporter)
    .replace('scrape_interval: 1m', 'scrape_interval: 1s')
    .replace('scrape_timeout: 10s', 'scrape_timeout: 1s')
    .replace('evaluation_interval: 1m', 'evaluation_interval: 1s')
    .replace('- jira-license-rules.yml', `- ${join(EXAMPLE, 'jira-license-rules.yml')}`);
}

