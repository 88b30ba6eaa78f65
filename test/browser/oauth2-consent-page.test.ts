// The OAuth 2.0 consent page in a real browser: Debian's Chromium driven by playwright-core opens
// /authorize, logs in, and clicks Allow or Deny. Chromium sends the consent page as Referer by
// itself, which is how the simulator (like Jira) recognises the approval.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { createSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { CHALLENGE, REDIRECT, VERIFIER, authorizeUrl } from '../helpers/oauth2.js';

const CLIENT = { clientId: 'browser-client', clientSecret: 'browser-secret', redirectUris: [REDIRECT], scope: 'WRITE', name: 'Release Notes Bot' } as const;
const sim = createSimulator({ contextPath: '/jira', oauth2Clients: [CLIENT] });
let running: RunningSimulator;
let browser: Browser;
before(async () => {
  // HTTPS with the simulator's self-signed certificate: no dev mode needed, as on a real site.
  running = await sim.listen({ https: true });
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await running?.close();
});

/** A page whose requests to the client's redirect are answered by the test, as the client's listener would. */
async function clientPage(): Promise<{ page: Page; landed: Promise<URL> }> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true });
  const page = await context.newPage();
  let arrived: (url: URL) => void = () => undefined;
  const landed = new Promise<URL>((resolve) => { arrived = resolve; });
  await page.route(`${REDIRECT}**`, async (route) => {
    arrived(new URL(route.request().url()));
    await route.fulfill({ status: 200, contentType: 'text/html', body: '<title>Callback</title><h1>Back at the client</h1>' });
  });
  return { page, landed };
}

async function logInToConsent(page: Page, state: string): Promise<void> {
  await page.goto(authorizeUrl({ client_id: CLIENT.clientId, scope: 'WRITE', state }, running.url));
  assert.match(await page.title(), /^Log in/);
  await page.fill('#login-form-username', 'jdoe');
  await page.fill('#login-form-password', 'jdoe');
  await page.click('#login-form-submit');
  await page.waitForSelector('#approve');
  assert.match(await page.title(), /^Authorize access/);
  assert.equal(await page.textContent('#client-name'), 'Release Notes Bot');
  assert.equal(await page.textContent('#scope'), 'WRITE');
  assert.equal(await page.textContent('#full-name'), 'Jane Doe');
}

test('log in, click Allow: the browser lands on the redirect with a code and the state, and the code redeems', { timeout: 60_000 }, async () => {
  const { page, landed } = await clientPage();
  await logInToConsent(page, 'state with spaces & symbols');
  await page.click('#approve');
  const url = await landed;
  assert.equal(`${url.origin}${url.pathname}`, REDIRECT);
  assert.match(url.searchParams.get('code') ?? '', /^[0-9a-f]{32}$/);
  assert.equal(url.searchParams.get('state'), 'state with spaces & symbols');
  assert.equal(sim.oauth2.authorizations.get(url.searchParams.get('code') ?? '')?.challenge, CHALLENGE);
  // Redeemed in-process: the same simulator, without teaching Node's fetch the self-signed certificate.
  const redeemed = await sim.fetch(`${running.url}/rest/oauth2/latest/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ grant_type: 'authorization_code', code: url.searchParams.get('code') ?? '', redirect_uri: REDIRECT, client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, code_verifier: VERIFIER }).toString(),
  });
  assert.equal(redeemed.status, 200);
  assert.equal(((await redeemed.json()) as { scope: string }).scope, 'WRITE');
  await page.context().close();
});

test('log in, click Deny: the browser lands on the redirect with error=access_denied and no code', { timeout: 60_000 }, async () => {
  const { page, landed } = await clientPage();
  await logInToConsent(page, 's2');
  await page.click('#deny');
  const url = await landed;
  assert.equal(url.searchParams.get('error'), 'access_denied');
  assert.equal(url.searchParams.get('state'), 's2');
  assert.equal(url.searchParams.get('code'), null);
  await page.context().close();
});
