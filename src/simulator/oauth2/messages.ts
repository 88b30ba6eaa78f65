/**
 * The provider's error texts. Jira resolves them from i18n keys; the keys are known, the English
 * wording is not (UNCONFIRMED, oauth2-provider.md 1.7), so tests should match on `error`, not on
 * these sentences.
 */

/** Texts by i18n key; `{0}` and `{1}` are the key's arguments. */
const TEXTS: Readonly<Record<string, string>> = {
  'oauth2.authorization.validation.error.message': 'Invalid or missing {0} parameter.',
  'oauth2.authorization.response.type.is.empty.error.message': 'The response_type parameter is empty.',
  'oauth2.authorization.unsupported.response.type.error.message': 'Only the response type "code" is supported.',
  'oauth2.request.scope.valid.for.client.validation.error.message': 'The requested scope {0} is not valid for this client (its scope is {1}).',
  'oauth2.authorization.pkce.code.challenge.method.invalid': 'The code challenge method is not supported; use plain or S256.',
  'oauth2.authorization.pkce.code.challenge.missing': 'The code challenge is missing.',
  'oauth2.authorization.pkce.code.challenge.invalid': 'The code challenge is not valid.',
  'oauth2.xsrf.failure': 'XSRF token validation failed.',
  'oauth2.xsrf.invalid.session': 'There is no valid session.',
  'oauth2.rest.error.no.https.warning.message': 'OAuth 2.0 requires HTTPS: the base URL and the request must use https.',
  'oauth2.servlet.error.invalid.url.parameter': 'The {0} parameter is not a valid URL.',
  'oauth2.rest.error.client.does.not.exist': 'The client does not exist.',
  'oauth2.rest.error.missing.required.parameter': 'Missing required parameter: {0}.',
  'oauth2.rest.error.authorization.code.invalid': 'The authorization code is invalid or has expired.',
  'oauth2.rest.error.multiple.create.attempts.error': 'The authorization code has already been used; tokens issued from it were revoked.',
  'oauth2.rest.error.authorization.redirect.invalid': 'The redirect URI does not match the one in the authorization request.',
  'oauth2.rest.error.unauthenticated.client': 'Client authentication failed.',
  'oauth2.token.pkce.code.verifier.missing': 'The code verifier is missing.',
  'oauth2.token.pkce.code.verifier.invalid': 'The code verifier is not valid.',
  'oauth2.token.pkce.code.verifier.mismatch': 'The code verifier does not match the code challenge.',
  'oauth2.rest.error.invalid.refresh.token': 'The refresh token is invalid or has expired.',
  'oauth2.rest.error.unsupported.grant.type': 'The grant type is not supported.',
};

/** The English text for an i18n key with its arguments. */
export function text(key: string, ...args: string[]): string {
  const template = TEXTS[key] ?? key;
  return template.replace(/\{(\d)\}/g, (_, i: string) => args[Number(i)] ?? '');
}
