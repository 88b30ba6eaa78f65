/**
 * `jirakit applink --oauth2`: what the admin enters in Jira's External application > Incoming
 * form (a redirect URL and a permission instead of a consumer key and RSA key, oauth2-provider.md
 * 1.1, 1.8), and with --server a check that Jira knows the client and would serve the dance.
 */
import { checkOAuth2Link } from '../../index.js';
import { println, type Io } from '../io.js';
import { loadOAuth2Settings, parseRedirectUri, parseScope } from '../oauth2-settings.js';

/** What each scope is for (DOC-SCOPES in oauth2-provider.md 1.8), in the words of jirakit's tasks. */
const TASKS = `Permission (scope) per task; a token never does more than its user may:
  READ          read projects and issues (request GET, the shell's queries)
  WRITE         also create and change issues (shell, request POST/PUT)
  ADMIN         also administration: check_jira_license, jirakit metrics
  SYSTEM_ADMIN  everything, system settings included`;

/** Runs `applink --oauth2`; returns the exit code. */
export async function applinkOAuth2(values: { readonly scope?: string | undefined; readonly 'redirect-uri'?: string | undefined; readonly name?: string | undefined; readonly server?: string | undefined } & Record<string, unknown>, io: Io): Promise<number> {
  const scope = parseScope(values.scope ?? 'WRITE');
  const redirectUri = parseRedirectUri(values['redirect-uri']);
  println(io.stdout, 'In Jira: Administration > Applications > Application links > Create link >');
  println(io.stdout, 'External application, direction Incoming. Enter:');
  println(io.stdout, `Name:          ${values.name ?? 'jirakit'}`);
  println(io.stdout, `Redirect URL:  ${redirectUri}`);
  println(io.stdout, `Permission:    ${scope}`);
  println(io.stdout, 'Jira then shows a Client ID and a Client secret: give them to');
  println(io.stdout, '`jirakit dance --oauth2` as --client-id and JIRA_CLIENT_SECRET (or --client-secret-env).');
  println(io.stdout);
  println(io.stdout, TASKS);
  // Only an explicit --server probes, as for OAuth 1.0a.
  if (values.server === undefined) return 0;
  const settings = await loadOAuth2Settings(values, io);
  await checkOAuth2Link({ ...settings.options, redirectUri, scope });
  const { server, clientId } = settings.options;
  println(io.stderr, `Jira at ${server} knows client ID '${clientId}' with this secret and allows scope ${scope}: the link is ready for \`jirakit dance --oauth2\`.`);
  return 0;
}
