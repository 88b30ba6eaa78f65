import { ConfigError, redactUrl, signOAuth1 } from '../../index.js';
import { CONNECTION_OPTIONS, oauthConnectionHelp, connectionFlags, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { println } from '../io.js';
import { loadOAuthSettings } from '../oauth-settings.js';
import { UsageError } from '../usage-error.js';

const OPTIONS = {
  ...CONNECTION_OPTIONS,
  method: { type: 'string' },
  url: { type: 'string' },
  'oauth-token': { type: 'string' },
  verifier: { type: 'string' },
  callback: { type: 'string' },
  form: { type: 'string', multiple: true },
  nonce: { type: 'string' },
  timestamp: { type: 'string' },
  'base-string': { type: 'boolean' },
} as const;

/** `jirakit sign`: the debugging tool for signature_invalid. */
export const sign: Command = {
  summary: 'print the Authorization header and base string for a request',
  help: `Usage: jirakit sign --url URL --consumer-key KEY --key-cert rsa.pem [options]

Signs one request with RSA-SHA1 and prints its Authorization header; with
--base-string, the signature base string first. When Jira answers
signature_invalid it sends its own base string (jirakit shows it with
--verbose): diff the two to see which part of the URL differs.

Options:
  --method METHOD      HTTP method (default GET)
  --url URL            the full request URL, query included (required)
  --oauth-token TOKEN  oauth_token to sign with (default: --access-token or the
                       settings; "" for 2-legged OAuth; a request token to check
                       a dance step). --token is a personal access token, as
                       everywhere in jirakit, and means nothing here
  --verifier CODE      oauth_verifier
  --callback URL|oob   oauth_callback
  --form k=v           a form body parameter (repeatable; they are signed)
  --nonce N            fixed oauth_nonce (default random)
  --timestamp T        fixed oauth_timestamp (default now)
  --base-string        print the signature base string too
${oauthConnectionHelp(true)}
The header holds the token you pass: treat the output as secret.

Example:
  jirakit sign --method GET --url 'https://jira.example.com/rest/api/2/search?jql=project+%3D+X' \\
    --consumer-key monitor-jira-license --key-cert rsa.pem --oauth-token TOKEN --base-string`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, OPTIONS);
    // --token is a PAT in every command (cli.md); sign would otherwise quietly sign with it.
    if (values.token !== undefined) throw new UsageError('sign takes the OAuth token as --oauth-token; --token is a personal access token', { hint: 'e.g. jirakit sign --url URL --oauth-token TOKEN' });
    if (!values.url) throw new UsageError('--url is required', { hint: 'Give the full request URL, query included' });
    let url: URL;
    try {
      url = new URL(values.url);
    } catch {
      throw new UsageError(`'${redactUrl(values.url)}' is not a URL`, { hint: 'Give the full request URL, e.g. https://jira.example.com/rest/api/2/myself' });
    }
    if (values.timestamp !== undefined && !/^\d+$/.test(values.timestamp)) {
      throw new UsageError(`--timestamp takes seconds since 1970, not '${values.timestamp}'`, { hint: 'e.g. --timestamp 1795941290' });
    }
    const form = (values.form ?? []).map((pair) => {
      const eq = pair.indexOf('=');
      if (eq < 1) throw new UsageError(`--form takes name=value, not '${pair}'`, { hint: 'e.g. --form os_username=jdoe' });
      return [pair.slice(0, eq), pair.slice(eq + 1)] as [string, string];
    });
    const settings = await loadOAuthSettings(connectionFlags(values, ['token']), io, { requireServer: false, passphraseEnv: values['key-passphrase-env'] });
    const token = values['oauth-token'] ?? settings.resolved.values.accessToken;
    if (values.verifier !== undefined && token === undefined) throw new ConfigError('--verifier needs --oauth-token (the request token)', { hint: 'Pass --oauth-token' });
    const timestamp = values.timestamp;
    const fixedNonce = values.nonce;
    const signed = signOAuth1(
      {
        method: (values.method ?? 'GET').toUpperCase(),
        url,
        ...(form.length > 0 ? { contentType: 'application/x-www-form-urlencoded', body: new URLSearchParams(form).toString() } : {}),
      },
      {
        consumerKey: settings.consumerKey,
        privateKey: settings.privateKey,
        token,
        verifier: values.verifier,
        callback: values.callback,
        ...(timestamp === undefined ? {} : { now: () => Number(timestamp) * 1000 }),
        ...(fixedNonce === undefined ? {} : { nonce: () => fixedNonce }),
      },
    );
    if (values['base-string']) {
      println(io.rawStdout, 'Signature base string:');
      println(io.rawStdout, signed.baseString);
      println(io.rawStdout);
    }
    // The header it was asked to build holds the token: printed as built (its help says so).
    println(io.rawStdout, `Authorization: ${signed.header}`);
    return 0;
  },
};
