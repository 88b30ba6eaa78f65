// The OAuth 2.0 authorization side in-process: /authorize's 303s, the consent page, Allow and
// Deny, and every bad request that must land on the error page or go back to the client
// (docs/oauth2-provider.md 1.3, 1.9).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OAuth2ClientError, createSimulator } from '../../src/simulator/index.js';
import { ADMIN_CLIENT, BASE, CHALLENGE, READ_CLIENT, REDIRECT, authorizeUrl, consent, oauth2Sim } from '../helpers/oauth2.js';

const CONSENT = `${BASE}/plugins/servlet/oauth2/consent`;

/** Logs in through the login page and returns the JSESSIONID cookie. */
async function session(sim: ReturnType<typeof oauth2Sim>, user = 'admin'): Promise<string> {
  const res = await sim.fetch(`${BASE}/login.jsp`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: `os_username=${user}&os_password=${user}`, redirect: 'manual' });
  return (res.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
}

test('/authorize without the consent Referer: 303 to the consent page with the parameters copied, never cached', async () => {
  const sim = oauth2Sim();
  const res = await sim.fetch(authorizeUrl(), { redirect: 'manual' });
  assert.equal(res.status, 303);
  assert.equal(res.headers.get('cache-control'), 'no-store');
  assert.equal(res.headers.get('pragma'), 'no-cache');
  assert.equal(res.headers.get('location'), `${CONSENT}?client_id=${ADMIN_CLIENT.clientId}&redirect_uri=http%3A%2F%2Flocalhost%3A8765%2Fcallback&response_type=code&scope=ADMIN&state=st-1&code_challenge_method=S256&code_challenge=${CHALLENGE}`);
  const noState = await sim.fetch(authorizeUrl({ state: undefined, code_challenge: undefined, code_challenge_method: undefined }), { redirect: 'manual' });
  assert.equal(new URL(noState.headers.get('location') ?? '').search, `?client_id=${ADMIN_CLIENT.clientId}&redirect_uri=http%3A%2F%2Flocalhost%3A8765%2Fcallback&response_type=code&scope=ADMIN`);
});

test('the consent page sends an anonymous browser to the login page, then shows the client, scope and user', async () => {
  const sim = oauth2Sim();
  const consentUrl = (await sim.fetch(authorizeUrl())).headers.get('location') ?? '';
  const anonymous = await sim.fetch(consentUrl, { redirect: 'manual' });
  assert.equal(anonymous.status, 302);
  assert.equal(anonymous.headers.get('location'), `${BASE}/login.jsp?permissionViolation=true&os_destination=${encodeURIComponent(consentUrl.slice(BASE.length))}`);
  const page = await sim.fetch(consentUrl, { headers: { cookie: await session(sim) } });
  assert.equal(page.status, 200);
  const html = await page.text();
  assert.match(html, /<strong id="client-name">License Monitor<\/strong> wants to access your Jira account/);
  assert.match(html, /<strong id="scope">ADMIN<\/strong>/);
  assert.match(html, /<span id="username">admin<\/span>/);
  assert.match(html, /<input type="hidden" name="atl_token" value="[0-9a-f]{32}">/);
});

test('Allow: 303 to the redirect with a 32-hex code and the state unchanged', async () => {
  const sim = oauth2Sim();
  const state = 'a b/c?d=e&f=ü+%20';
  const result = await consent(sim, authorizeUrl({ state }));
  assert.match(result.code ?? '', /^[0-9a-f]{32}$/);
  assert.equal(result.state, state);
  assert.equal(result.redirectedTo, `${REDIRECT}?code=${result.code}&state=${encodeURIComponent(state)}`);
  const blank = await consent(sim, authorizeUrl({ state: '  ' }));
  assert.equal(blank.redirectedTo, `${REDIRECT}?code=${blank.code}`, 'a blank state is not sent back');
});

test('Deny sends error=access_denied with the state; the dashboard setting stays in Jira', async () => {
  const sim = oauth2Sim();
  const denied = await consent(sim, authorizeUrl(), 'admin', 'deny');
  assert.equal(denied.redirectedTo, `${REDIRECT}?error=access_denied&error_description=The%20user%20denied%20the%20request.&state=st-1`);
  assert.equal(sim.oauth2.authorizations.size, 0);
  const dashboard = await consent(oauth2Sim({ oauth2: { deny: 'dashboard' } }), authorizeUrl(), 'admin', 'deny');
  assert.equal(dashboard.redirectedTo, `${BASE}/secure/Dashboard.jspa`);
});

test('a scope beyond the client\'s: 303 to the redirect with error=invalid_scope and the state, before any login', async () => {
  const sim = oauth2Sim();
  const res = await sim.fetch(authorizeUrl({ client_id: READ_CLIENT.clientId, scope: 'WRITE', state: 'x y' }), { redirect: 'manual' });
  assert.equal(res.status, 303);
  const location = new URL(res.headers.get('location') ?? '');
  assert.equal(`${location.origin}${location.pathname}`, REDIRECT);
  assert.equal(location.searchParams.get('error'), 'invalid_scope');
  assert.equal(location.searchParams.get('state'), 'x y');
  assert.equal((await consent(sim, authorizeUrl({ scope: 'NOPE' }))).error, 'invalid_scope', 'an unknown scope name too');
});

test('an unknown client id: the consent page answers 400, and a forged approval lands on the error page', async () => {
  const sim = oauth2Sim();
  await assert.rejects(consent(sim, authorizeUrl({ client_id: 'nobody' })), /no consent page \(HTTP 400: The client does not exist\.\)/);
  const cookie = await session(sim);
  const forged = await sim.fetch(`${authorizeUrl({ client_id: 'nobody' })}&atl_token=x`, { headers: { cookie, referer: CONSENT }, redirect: 'manual' });
  assert.equal(forged.status, 303);
  assert.match(forged.headers.get('location') ?? '', /^https:\/\/jira\.test\/jira\/plugins\/servlet\/oauth2\/error\?errorName=invalid_request&errorDescription=/);
});

test('a redirect that is not registered (a prefix, another port, 127.0.0.1) goes to the error page, never to the client', async () => {
  const sim = oauth2Sim();
  for (const redirect of [`${REDIRECT}/more`, 'http://localhost:8766/callback', 'http://127.0.0.1:8765/callback']) {
    const result = await consent(sim, authorizeUrl({ redirect_uri: redirect }));
    assert.equal(result.error, 'invalid_request', redirect);
    assert.equal(result.errorDescription, 'Invalid or missing redirect_uri parameter.');
    assert.ok(result.redirectedTo.startsWith(`${BASE}/plugins/servlet/oauth2/error?`), result.redirectedTo);
    assert.equal(result.code, undefined);
  }
  const page = await sim.fetch(`${BASE}/plugins/servlet/oauth2/error?errorName=invalid_request&errorDescription=bad%20redirect`, { headers: { cookie: await session(sim) } });
  assert.match(await page.text(), /<code id="error-name">invalid_request<\/code>[\s\S]*<p id="error-description">bad redirect<\/p>/);
});

test('an http base URL: the consent page is 400 with the HTTPS message unless dev mode or X-Forwarded-Proto', async () => {
  const http = 'http://jira.test/jira';
  const sim = oauth2Sim();
  const url = (await sim.fetch(authorizeUrl({}, http))).headers.get('location') ?? '';
  assert.ok(url.startsWith(`${http}/plugins/servlet/oauth2/consent?`));
  const refused = await sim.fetch(url, { redirect: 'manual' });
  assert.equal(refused.status, 400);
  assert.match(await refused.text(), /OAuth 2\.0 requires HTTPS/);
  assert.equal((await sim.fetch(url, { headers: { 'x-forwarded-proto': 'https' }, redirect: 'manual' })).status, 302, 'behind a TLS proxy: on to the login page');
  assert.match((await consent(oauth2Sim({ oauth2: { devMode: true } }), authorizeUrl({}, http))).code ?? '', /^[0-9a-f]{32}$/);
});

test('the atl_token is single-use, and without the Referer the approval loops back to the consent page', async () => {
  const sim = oauth2Sim();
  const cookie = await session(sim);
  const consentUrl = (await sim.fetch(authorizeUrl())).headers.get('location') ?? '';
  const html = await (await sim.fetch(consentUrl, { headers: { cookie } })).text();
  const atl = /name="atl_token" value="(\w+)"/.exec(html)?.[1] ?? '';
  const approval = `${authorizeUrl()}&atl_token=${atl}`;
  const noReferer = await sim.fetch(approval, { headers: { cookie }, redirect: 'manual' });
  assert.equal(noReferer.headers.get('location'), consentUrl);
  const first = await sim.fetch(approval, { headers: { cookie, referer: consentUrl }, redirect: 'manual' });
  assert.match(first.headers.get('location') ?? '', /^http:\/\/localhost:8765\/callback\?code=[0-9a-f]{32}&state=st-1$/);
  const again = await sim.fetch(approval, { headers: { cookie, referer: consentUrl }, redirect: 'manual' });
  assert.equal(new URL(again.headers.get('location') ?? '').searchParams.get('errorDescription'), 'XSRF token validation failed.');
  const noSession = await sim.fetch(approval, { headers: { referer: consentUrl }, redirect: 'manual' });
  assert.equal(new URL(noSession.headers.get('location') ?? '').searchParams.get('errorDescription'), 'There is no valid session.');
});

test('missing parameters, PKCE fields and response types fail where Jira sends them', async () => {
  const sim = oauth2Sim();
  const noScope = await sim.fetch(authorizeUrl({ scope: undefined }), { redirect: 'manual' });
  assert.equal(new URL(noScope.headers.get('location') ?? '').searchParams.get('errorDescription'), 'Invalid or missing scope parameter.');
  assert.equal((await consent(sim, authorizeUrl({ code_challenge_method: 'S512' }))).errorDescription, 'The code challenge method is not supported; use plain or S256.');
  assert.equal((await consent(sim, authorizeUrl({ code_challenge: 'short' }))).errorDescription, 'The code challenge is not valid.');
  assert.equal((await consent(sim, authorizeUrl({ code_challenge: undefined }))).errorDescription, 'The code challenge is missing.');
  const token = await consent(sim, authorizeUrl({ response_type: 'token' }));
  assert.equal(token.redirectedTo, `${REDIRECT}?error=unsupported_response_type&error_description=Only%20the%20response%20type%20%22code%22%20is%20supported.&state=st-1`);
  const lower = await consent(sim, authorizeUrl({ code_challenge_method: 's256' }));
  assert.equal(sim.oauth2.authorizations.get(lower.code ?? '')?.method, 'S256', 'the method is read in any case');
  const plain = await consent(sim, authorizeUrl({ code_challenge_method: undefined }));
  assert.equal(sim.oauth2.authorizations.get(plain.code ?? '')?.method, 'plain', 'a challenge without a method is plain');
});

test('the consent page answers 412 to a redirect_uri that is not an http(s) URL, a custom scheme included, before the login', async () => {
  const sim = oauth2Sim();
  const bad = await sim.fetch(`${CONSENT}?client_id=${ADMIN_CLIENT.clientId}&redirect_uri=myapp%3Acallback&response_type=code&scope=READ`, { redirect: 'manual' });
  assert.equal(bad.status, 412);
  assert.match(await bad.text(), /The redirect_uri parameter is not a valid URL\./);
});

test('registering a client: http only for the host localhost, unless dev mode; no fragments', () => {
  const client = (redirect: string) => ({ clientId: 'c', clientSecret: 's', redirectUris: [redirect] });
  assert.throws(() => createSimulator({ oauth2Clients: [client('http://127.0.0.1:8765/cb')] }), OAuth2ClientError);
  assert.throws(() => createSimulator({ oauth2Clients: [client('http://app.example/cb')] }), /must use https/);
  assert.throws(() => createSimulator({ oauth2Clients: [client('https://app.example/cb#x')] }), /#fragment/);
  assert.throws(() => createSimulator({ oauth2Clients: [client('http://localhost:1/cb')], oauth2: { disallowLocalhostRedirect: true } }), /must use https/);
  assert.throws(() => createSimulator({ oauth2Clients: [{ ...client('https://a.example/'), scope: 'ROOT' as 'READ' }] }), /use READ, WRITE, ADMIN or SYSTEM_ADMIN/);
  for (const ok of ['http://LOCALHOST:1/cb', 'https://app.example/cb', 'myapp:/callback']) assert.equal(createSimulator({ oauth2Clients: [client(ok)] }).oauth2.clients.size, 1, ok);
  assert.equal(createSimulator({ oauth2Clients: [client('http://10.0.0.1/cb')], oauth2: { devMode: true } }).oauth2.clients.get('c')?.scope, 'WRITE');
});

test('the authorization server metadata lists what Jira lists, and no PKCE methods', async () => {
  const sim = oauth2Sim();
  const res = await sim.fetch(`${BASE}/rest/oauth2/latest/.well-known/oauth-authorization-server`);
  assert.equal(res.status, 200);
  assert.deepEqual(await res.json(), {
    issuer: BASE,
    authorization_endpoint: `${BASE}/rest/oauth2/latest/authorize`,
    token_endpoint: `${BASE}/rest/oauth2/latest/token`,
    revocation_endpoint: `${BASE}/rest/oauth2/latest/revoke`,
    scopes_supported: ['READ', 'WRITE', 'ADMIN', 'SYSTEM_ADMIN'],
    response_types_supported: ['code'],
    response_modes_supported: ['query'],
    grant_types_supported: ['authorization_code'],
    token_endpoint_auth_methods_supported: ['client_secret_post'],
    revocation_endpoint_auth_methods_supported: ['client_secret_post'],
  });
});

test('the wellKnown setting turns the metadata off (its first Jira release is UNCONFIRMED): the REST 404', async () => {
  const res = await oauth2Sim({ oauth2: { wellKnown: false } }).fetch(`${BASE}/rest/oauth2/latest/.well-known/oauth-authorization-server`);
  assert.equal(res.status, 404);
});
