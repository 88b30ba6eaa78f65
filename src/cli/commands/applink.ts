import { ConfigError, OAuthProblemError, getRequestToken, pemBody, publicKeyPem } from '../../index.js';
import { CONNECTION_OPTIONS, oauthConnectionHelp, connectionFlags, parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { println } from '../io.js';
import { loadOAuthSettings } from '../oauth-settings.js';

/** "monitor-jira-license" -> "Monitor Jira License". */
export function consumerNameFor(key: string): string {
  return key.split(/[-_.\s]+/).filter(Boolean).map((w) => w[0]?.toUpperCase() + w.slice(1)).join(' ') || key;
}

/** `jirakit applink`: what to paste into Jira's incoming-link form, and a check that it worked. */
export const applink: Command = {
  summary: "print the values for Jira's incoming-link form; --server checks the consumer",
  help: `Usage: jirakit applink --consumer-key KEY --key-cert rsa.pem [--name NAME] [--server URL]

Prints the three values for the "Incoming Authentication" form of a Jira
application link (Administration > Applications > Application links > create
a link to any URL, e.g. http://monitor-jira-license, tick "Create incoming link").
With --server it asks Jira for a request token and says whether Jira knows the
consumer and its public key.

Options:
  --name NAME   Consumer Name shown in Jira (default: from the consumer key)
${oauthConnectionHelp(false)}

Example:
  jirakit applink --consumer-key monitor-jira-license --key-cert rsa.pem --server https://jira.example.com`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { ...CONNECTION_OPTIONS, name: { type: 'string' } });
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
