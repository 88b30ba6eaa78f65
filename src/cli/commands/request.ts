import { cleanServerText, errorFromResponse, FileTooLargeError, readFileBounded, redactHeaders, redactOAuthValues, type SentRequest } from '../../index.js';
import { CONNECTION_HELP, CONNECTION_OPTIONS, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { connectFromFlags } from '../connect-cli.js';
import { println, type Io } from '../io.js';
import { UsageError } from '../usage-error.js';

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  query: { type: 'string', multiple: true },
  data: { type: 'string' },
  include: { type: 'boolean', short: 'i' },
  raw: { type: 'boolean' },
  header: { type: 'string', multiple: true, short: 'H' },
} as const;

/** Jira refuses request bodies far smaller than this; a bigger file is a mistake. */
const MAX_BODY_BYTES = 64 * 2 ** 20;

async function bodyFrom(data: string | undefined, io: Io): Promise<string | undefined> {
  if (data === undefined) return undefined;
  if (data === '-') {
    // Read as it arrives, within the same bound as a file: stdin may be endless (`yes |`).
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const chunk of io.stdin as AsyncIterable<Buffer | string>) {
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
      size += bytes.length;
      if (size > MAX_BODY_BYTES) throw new UsageError(`--data - read more than ${MAX_BODY_BYTES / 2 ** 20} MiB from standard input`, { hint: 'Send a smaller body' });
      chunks.push(bytes);
    }
    return Buffer.concat(chunks, size).toString('utf8');
  }
  if (data.startsWith('@')) {
    try {
      return readFileBounded(data.slice(1), MAX_BODY_BYTES);
    } catch (e) {
      const why = e instanceof FileTooLargeError ? `larger than ${MAX_BODY_BYTES / 2 ** 20} MiB` : ((e as NodeJS.ErrnoException).code ?? 'error');
      throw new UsageError(`Could not read ${data.slice(1)} (${why})`, { hint: '--data @FILE names a file with the JSON body' });
    }
  }
  return data;
}

/**
 * `-H 'Name: value'` flags as headers, checked as node:http checks them (a name that is not an
 * HTTP token, a CR, LF or NUL in a value: header injection) before anything is sent. Messages
 * name the header, never its value: it may be a credential.
 */
function parseHeaders(flags: readonly string[]): Record<string, string> {
  const { validateHeaderName, validateHeaderValue } = process.getBuiltinModule('node:http');
  const headers: Record<string, string> = {};
  for (const h of flags) {
    const colon = h.indexOf(':');
    if (colon < 1) throw new UsageError("--header takes 'Name: value' (a name, a colon, the value)", { hint: "e.g. -H 'Accept: application/json'" });
    const name = h.slice(0, colon).trim();
    const value = h.slice(colon + 1).trim();
    try {
      validateHeaderName(name);
    } catch {
      throw new UsageError(`--header '${cleanServerText(name).slice(0, 40)}' is not a valid header name`, { hint: 'Names are letters, digits and !#$%&\'*+-.^_`|~, without spaces' });
    }
    try {
      validateHeaderValue(name, value);
    } catch {
      throw new UsageError(`The value of --header '${name}' holds a line break or a control character`, { hint: 'A header value is one line' });
    }
    headers[name.toLowerCase()] = value;
  }
  return headers;
}

/**
 * The answer's body on stdout: JSON pretty-printed (its strings keep control characters escaped),
 * other text with them dropped, both with the session's secrets masked (an OAuth problem answer
 * echoes the access token in its base string). --raw promises the bytes as received.
 */
function printBody(io: Io, text: string, raw: boolean): void {
  if (text === '') return;
  const end = (t: string): string => (t.endsWith('\n') ? t : `${t}\n`);
  if (raw) {
    io.rawStdout.write(end(text));
    return;
  }
  let printed = cleanServerText(redactOAuthValues(text));
  try {
    // JSON escapes C0 controls itself; C1 controls and bidirectional overrides it leaves as they are.
    printed = JSON.stringify(JSON.parse(text), null, 2).replace(/[\u0080-\u009f\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
  } catch {
    // Not JSON: the cleaned text.
  }
  io.stdout.write(end(printed));
}

/** `jirakit request`: one raw, signed REST call. */
export const request: Command = {
  summary: 'one raw, signed REST call; prints the JSON',
  help: `Usage: jirakit request METHOD PATH [--query k=v ...] [--data JSON|@FILE|-] [-i] [--raw] [connection]

Sends one request to any Jira endpoint, signed with the configured credentials,
and prints the answer's body (JSON pretty-printed unless --raw). Exit code 0 for
a 2xx answer, 1 otherwise (with the error explained on stderr).

Options:
  --query k=v           a query parameter (repeatable)
  --data JSON|@FILE|-   a JSON body, from a file, or from standard input
  -H, --header 'N: V'   an extra header (repeatable)
  -i, --include         print the status line and headers first
  --raw                 print the body as received
  -v, --verbose         show request and response headers (credentials masked)
${CONNECTION_HELP}

Example:
  jirakit request GET /rest/plugins/applications/1.0/installed/jira-software --profile default`,
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, OPTIONS, true);
    const [method, path, ...extra] = positionals;
    if (!method || !path || extra.length > 0) throw new UsageError('Give METHOD and PATH, e.g. GET /rest/api/2/myself', { hint: 'See jirakit request --help' });
    if (!/^[A-Za-z]+$/.test(method)) throw new UsageError(`'${method}' is not an HTTP method`, { hint: 'e.g. GET, POST, PUT, DELETE' });
    const query: Record<string, string[]> = {};
    for (const pair of values.query ?? []) {
      const eq = pair.indexOf('=');
      if (eq < 1) throw new UsageError(`--query takes k=v, not '${pair}'`, { hint: 'e.g. --query jql="project = X"' });
      (query[pair.slice(0, eq)] ??= []).push(pair.slice(eq + 1));
    }
    const headers = parseHeaders(values.header ?? []);
    // A credential given as a header (-H 'Authorization: Bearer …', -H 'X-Api-Key: …') is masked like the others.
    for (const [name, value] of Object.entries(headers)) {
      if (/auth|token|key|secret|cookie|pass/i.test(name)) io.secrets.add(value, value.replace(/^\S+\s+/, ''));
    }
    const body = await bodyFrom(values.data, io);
    if (body !== undefined && !values.raw && headers['content-type'] === undefined) {
      try {
        JSON.parse(body);
      } catch {
        throw new UsageError('--data is not valid JSON', { hint: 'Check the quoting, or pass -H "Content-Type: ..." for another type' });
      }
      headers['content-type'] = 'application/json';
    }
    // The last attempt as sent: a signature_invalid then shows the base string jirakit signed.
    let sent: SentRequest | undefined;
    const { client } = await connectFromFlags(values, io, { hooks: { beforeRequest: [(request) => void (sent = request)] } });
    const response = await client.fetch(path, { method: method.toUpperCase(), headers: { 'x-atlassian-token': 'no-check', ...headers }, ...(body === undefined ? {} : { body }), query });
    const received = await response.text();
    if (values.include) {
      println(io.stdout, cleanServerText(`HTTP ${response.status} ${response.statusText}`));
      for (const [name, value] of redactHeaders([...response.headers])) println(io.stdout, cleanServerText(`${name}: ${value}`));
      println(io.stdout);
    }
    printBody(io, received, values.raw === true);
    if (response.ok) return 0;
    const exchange = sent ?? { method: method.toUpperCase(), url: new URL(response.url), headers: {}, body };
    throw errorFromResponse(response, received, { sent: exchange, authKind: client.auth.kind, mask: (text) => io.secrets.mask(text) });
  },
};
