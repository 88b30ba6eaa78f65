/**
 * `--listen HOST:PORT` as exporters take it (`127.0.0.1:9PORT`, `[::1]:9PORT`, `:9PORT` for every
 * interface), and the sentence for an address that cannot be listened on.
 */
import { ConfigError } from '../index.js';
import { UsageError } from './usage-error.js';

/** A host (undefined: every interface) and a port. */
export interface ListenAddress {
  readonly host: string | undefined;
  readonly port: number;
}

/** Parses --listen; a UsageError for anything that is not HOST:PORT with a port from 0 to 65535. */
export function parseListen(text: string | undefined): ListenAddress {
  const hint = 'e.g. --listen 127.0.0.1:9PORT (no default: Prometheus\' exporter port range is fully allocated, docs/metrics.md 4)';
  if (text === undefined) throw new UsageError('--listen HOST:PORT is required', { hint });
  const match = /^(?:\[([0-9A-Fa-f:.]+)\]|([^:[\]]*)):(\d{1,5})$/.exec(text);
  const port = Number(match?.[3]);
  if (!match || port > 65535) throw new UsageError(`--listen takes HOST:PORT, not '${text}'`, { hint });
  const host = match[1] ?? match[2];
  return { host: host === '' ? undefined : host, port };
}

const REASONS: Readonly<Record<string, string>> = {
  EADDRINUSE: 'the address is already in use',
  EACCES: 'permission denied',
  EADDRNOTAVAIL: 'this machine has no such address',
  ENOTFOUND: 'the host name is unknown',
};

/** The error for a failed listen: one sentence naming the address and the reason. */
export function listenError(error: NodeJS.ErrnoException, text: string): ConfigError {
  const code = error.code ?? 'error';
  return new ConfigError(`Could not listen on ${text}: ${REASONS[code] ?? error.message} (${code})`, {
    hint: code === 'EADDRINUSE' ? 'Choose another --listen port, or stop the process that holds this one' : 'Check --listen',
  });
}
