import type { Readable, Writable } from 'node:stream';
import { SecretMasker, type Env } from '../index.js';

/** Everything a command touches outside itself, injected so tests need no global patching. */
export interface Io {
  /** Standard output; the session's secrets are masked in everything written here. */
  readonly stdout: Writable;
  /** Standard error, masked the same way. */
  readonly stderr: Writable;
  readonly stdin: Readable;
  readonly env: Env;
  /** True when stdin is a terminal (prompts may hide input, browsers may open). */
  readonly interactive: boolean;
  /** -v/--verbose was given. */
  readonly verbose?: boolean;
  /** The session's secrets: what a command learns is secret (a token from a profile) goes here. */
  readonly secrets: SecretMasker;
  /** Standard output unmasked, only for what the user asked to see: --print-tokens, sign, request --raw. */
  readonly rawStdout: Writable;
}

/**
 * A stream whose writes are masked: every string (and UTF-8 buffer) written has the session's
 * secrets replaced, however the text was built. Everything else is the stream itself, so a REPL
 * or readline writing to it keeps its terminal.
 */
export function maskedStream<T extends Writable>(stream: T, secrets: SecretMasker): T {
  return new Proxy(stream, {
    get(target, property) {
      if (property === 'write') {
        return (chunk: unknown, ...rest: unknown[]) => {
          const text = typeof chunk === 'string' ? chunk : Buffer.isBuffer(chunk) ? chunk.toString('utf8') : chunk;
          return (target.write as (...args: unknown[]) => boolean)(typeof text === 'string' ? secrets.mask(text) : text, ...rest);
        };
      }
      const value: unknown = Reflect.get(target, property, target);
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** Environment variables that hold secrets (cli.md's connection settings). */
const SECRET_VARIABLES = ['JIRA_PASSWORD', 'JIRA_TOKEN', 'JIRA_ACCESS_TOKEN', 'JIRA_ACCESS_TOKEN_SECRET', 'JIRA_API_TOKEN', 'JIRA_CLIENT_SECRET'];

/** Adds the secrets the environment holds: credentials, and the password of a proxy URL. */
export function addEnvironmentSecrets(secrets: SecretMasker, env: Env): void {
  for (const name of SECRET_VARIABLES) secrets.add(env[name]);
  for (const name of ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy', 'ALL_PROXY', 'all_proxy']) {
    const value = env[name];
    const userInfo = value ? /^(?:[a-z][a-z0-9+.-]*:\/\/)?([^@/]*)@/i.exec(value)?.[1] : undefined;
    if (!userInfo) continue;
    const [user = '', password] = userInfo.split(/:(.*)/s);
    for (const part of [password, `${user}:${password ?? ''}`]) {
      secrets.add(part);
      try {
        secrets.add(part === undefined ? undefined : decodeURIComponent(part));
      } catch {
        // Not percent-encoded: the raw value is already there.
      }
    }
  }
}

/** Flags whose value is a secret (their long and jirashell's short forms). */
const SECRET_FLAGS = new Set(['--password', '-p', '--token', '--access-token', '-at', '--access-token-secret', '-ats', '--api-token', '--client-secret']);

/** Adds the secrets given on the command line (`--token T`, `--password=P`). */
export function addArgumentSecrets(secrets: SecretMasker, argv: readonly string[]): void {
  argv.forEach((arg, i) => {
    const eq = arg.indexOf('=');
    if (eq > 0 && SECRET_FLAGS.has(arg.slice(0, eq))) secrets.add(arg.slice(eq + 1));
    else if (SECRET_FLAGS.has(arg)) secrets.add(argv[i + 1]);
  });
}

/**
 * The real process's streams and environment, masked. When stdout or stderr goes away (a closed
 * pipe: `jirakit simulate | head -1`), the command exits quietly rather than with a stack.
 */
export function processIo(argv: readonly string[] = []): Io {
  const secrets = new SecretMasker();
  addEnvironmentSecrets(secrets, process.env);
  addArgumentSecrets(secrets, argv);
  for (const stream of [process.stdout, process.stderr]) {
    // Nothing can be reported once the output is gone: end at once, quietly.
    stream.on('error', (error: NodeJS.ErrnoException) => process.exit(error.code === 'EPIPE' && typeof process.exitCode === 'number' ? process.exitCode : error.code === 'EPIPE' ? 0 : 1));
  }
  return {
    stdout: maskedStream(process.stdout, secrets),
    stderr: maskedStream(process.stderr, secrets),
    stdin: process.stdin,
    env: process.env,
    interactive: Boolean(process.stdin.isTTY),
    secrets,
    rawStdout: process.stdout,
  };
}

/** Writes a line. */
export function println(stream: Writable, text = ''): void {
  stream.write(`${text}\n`);
}
