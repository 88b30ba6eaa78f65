// The authorize page in a real browser: Debian's Chromium driven by playwright-core logs in,
// reads the Request for Access page, and clicks Allow or Deny.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from '../helpers/chromium.js';
import { createSimulator } from '../../src/simulator/index.js';
import type { RunningSimulator } from '../../src/simulator/index.js';
import { getAccessToken, getAuthorizeUrl, getRequestToken } from '../../src/client/oauth1-dance.js';
import { CONSUMER, TEST_KEY_PATH, testKeyPem, testPrivateKey } from '../helpers/keys.js';
import { cleanEnv, freshHome, startCli } from '../helpers/cli.js';

const sim = createSimulator({ contextPath: '/jira', consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem, name: 'Monitor Jira License' }] });
let running: RunningSimulator;
let browser: Browser;
before(async () => {
  running = await sim.listen();
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
  await running?.close();
});

const options = () => ({ server: running.url, consumerKey: CONSUMER, privateKey: testPrivateKey });

async function logIn(page: Page, url: string, user = 'jdoe'): Promise<void> {
  await page.goto(url);
  assert.match(await page.title(), /^Log in/);
  await page.fill('#login-form-username', user);
  await page.fill('#login-form-password', user);
  await page.click('#login-form-submit');
  await page.waitForSelector('#approve');
  assert.match(await page.title(), /^Request for Access/);
  assert.match(await page.textContent('main') ?? '', /Monitor Jira License is requesting access to your Jira account/);
}

test('log in, click Allow, copy the oob verification code: the token works', { timeout: 60_000 }, async () => {
  const rt = await getRequestToken({ ...options(), callback: 'oob' });
  const page = await browser.newPage();
  await logIn(page, getAuthorizeUrl(running.url, rt.token));
  await page.click('#approve');
  const verifier = (await page.textContent('#verifier'))?.trim() ?? '';
  assert.match(verifier, /^\w{6}$/);
  await page.screenshot({ path: `${freshHome()}/approved.png` });
  const at = await getAccessToken({ ...options(), requestToken: rt.token, verifier });
  assert.match(at.token, /^\w{32}$/);
  await page.close();
});

test('click Deny: the 1.0 flow shows Access Denied and the exchange is refused', { timeout: 60_000 }, async () => {
  const rt = await getRequestToken(options());
  const page = await browser.newPage();
  await logIn(page, getAuthorizeUrl(running.url, rt.token));
  await page.click('#deny');
  assert.equal(await page.textContent('h1'), 'Access Denied');
  await assert.rejects(getAccessToken({ ...options(), requestToken: rt.token }), { problem: 'permission_denied' });
  await page.close();
});

test('jirakit dance --callback loopback finishes when the browser is sent back after Allow', { timeout: 60_000 }, async () => {
  const cli = startCli(['dance', '--server', running.url, '--consumer-key', CONSUMER, '--key-cert', TEST_KEY_PATH, '--callback', 'loopback'], cleanEnv(freshHome()));
  const [, url] = await cli.waitFor(/(http:\/\/\S+\/plugins\/servlet\/oauth\/authorize\?oauth_token=\w+)/);
  const page = await browser.newPage();
  await logIn(page, url ?? '');
  await page.click('#approve');
  await page.waitForURL(/\/jirakit-callback\?/);
  assert.equal(await page.textContent('h1'), 'Access approved');
  assert.equal(await cli.exit(), 0, cli.stderr());
  assert.match(cli.stdout(), /Jira knows the token as user 'jdoe'/);
  await page.close();
});
