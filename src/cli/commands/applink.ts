import { ConfigError, OAuthProblemError, getRequestToken, pemBody, publicKeyPem } from '../../index.js';
import { CONNECTION_OPTIONS, oauthConnectionHelp, connectionFlags, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { println } from '../io.js';
import { loadOAuthSettings } from '../oauth-settings.js';
import { applinkOAuth2 } from './applink-oauth2.js';
import { UsageError } from '../usage-error.js';

/** "monitor-jira-license" -> "Monitor Jira License". */
export function consumerNameFor(key: string): string {
  return key.split(/[-_.\s]+/).filter(Boolean).map((w) => w[0]?.toUpperCase() + w.slice(1)).join(' ') || key;
}

/** `jirakit applink`: what to paste into Jira's incoming-link form, and a check that it worked. */
export const applink: Command = {
  summary: "print the values for Jira's incoming-link form; --server checks the consumer",
  help: `Usage: jirakit applink --consumer-key KEY --key-cert rsa.pem [--name NAME] [--server URL]
       jirakit applink --oauth2 [--scope S] [--redirect-uri URL]
                       [--server URL --client-id ID]

Prints the three values for the "Incoming Authentication" form of a Jira
application link (Administration > Applications > Application links > create
a link to any URL, e.g. http://monitor-jira-license, tick "Create incoming link").
With --server it asks Jira for a request token and says whether Jira knows the
consumer and its public key.

Options:
  --name NAME   Consumer Name shown in Jira (default: from the consumer key)
${oauthConnectionHelp(false)}

OAuth 2.0 (--oauth2; Jira Data Center 8.22+): prints what to enter in an
"External application" incoming link: the Redirect URL (--redirect-uri, default
http://localhost:8765/callback, where \`dance --oauth2\` listens) and the
Permission (--scope: READ, WRITE (default), ADMIN for check_jira_license). With
--server, --client-id and the client secret (JIRA_CLIENT_SECRET,
--client-secret-env) it checks that Jira knows the client, allows the scope and
will serve the consent page (HTTPS unless dev mode).

Example:
  jirakit applink --consumer-key monitor-jira-license --key-cert rsa.pem --server https://jira.example.com
Or, for OAuth 2.0:
  jirakit applink --oauth2 --scope ADMIN --server https://jira.example.com --client-id 3f1c…`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { ...CONNECTION_OPTIONS, name: { type: 'string' }, oauth2: { type: 'boolean' }, scope: { type: 'string' }, 'redirect-uri': { type: 'string' } });
    if (values.oauth2) return applinkOAuth2(values, io);
    if (values.scope !== undefined || values['redirect-uri'] !== undefined) throw new UsageError(`--${values.scope !== undefined ? 'scope' : 'redirect-uri'} goes with --oauth2`, { hint: 'Add --oauth2 for an OAuth 2.0 link' });
    const settings = await loadOAuthSettings(connectionFlags(values), io, { requireServer: false, passphraseEnv: values['key-passphrase-env'], noVerify: values['no-verify'] === true });
    println(io.stdout, `Consumer Key:  ${settings.consumerKey}`);
    println(io.stdout, `Consumer Name: ${values.name ?? consumerNameFor(settings.consumerKey)}`);
    println(io.stdout, `Public Key:    ${pemBody(publicKeyPem(settings.privateKey))}`);
    // Only an explicit --server probes; a server from a profile or the environment would surprise.
    if (values.server === undefined || settings.server === undefined) return 0;
    try {
      await getRequestToken(settings.dance(settings.server));
    } catch (error) {
      if (error instanceof OAuthProblemError && error.problem === 'signature_invalid') {
        throw new ConfigError(`Jira knows consumer key '${settings.consumerKey}', but its application link holds a different public key than ${settings.keyCert}`, {
          hint: 'Paste the Public Key above into the link\'s incoming authentication (or use the matching private key)',
        });
      }
      throw error;
    }
    println(io.stderr, `Jira at ${settings.server} knows consumer key '${settings.consumerKey}' and its public key: the link is ready for \`jirakit dance\`.`);
    return 0;
  },
};
