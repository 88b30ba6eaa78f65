// Credentials go to the configured server only: an absolute URL on another origin, or a path that
// leaves the context path, is refused before anything is sent (a listener proves no byte arrives),
// by the library, `jirakit request` and the shell alike; Jira's own `self` links still work.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { createClient } from '../../src/client/client.js';
import { createTokenAuth } from '../../src/auth/token.js';
import { createHttpFetch } from '../../src/http/http-fetch.js';
import { OriginError } from '../../src/errors/jira-kit-error.js';
import { createSimulator, type RunningSimulator } from '../../src/simulator/index.js';
import { cleanEnv, freshHome, runCli } from '../helpers/cli.js';

const sim = createSimulator({ contextPath: '/jira', pats: [['jdoe', 'PAT-SECRET-1']] });
let jira: RunningSimulator;
let other: Server;
let otherUrl = '';
let bytes = 0;
let connections = 0;
before(async () => {
  jira = await sim.listen();
  other = createServer((socket: Socket) => {
    connections++;
    socket.on('data', (d: Buffer) => void (bytes += d.length));
    socket.on('error', () => undefined);
  });
  await new Promise<void>((r) => other.listen(0, '127.0.0.1', r));
  otherUrl = `http://127.0.0.1:${(other.address() as { port: number }).port}`;
});
after(async () => {
  await jira.close();
  await new Promise<void>((r) => other.close(() => r()));
});

test('client.request and client.fetch refuse another origin and paths outside the context path; self links work', async () => {
  const client = createClient({ baseUrl: jira.url, auth: createTokenAuth('PAT-SECRET-1'), fetch: createHttpFetch() });
  const base = new URL(jira.url);
  const refused = [
    `${otherUrl}/rest/api/2/myself`,
    `//127.0.0.1:${new URL(otherUrl).port}/rest/api/2/myself`,
    `https://${base.host}/jira/rest/api/2/myself`, // another scheme
    `http://localhost:${base.port}/jira/rest/api/2/myself`, // another host name for the same machine
    `${base.origin}/other/rest/api/2/myself`, // outside the context path
    '/../other/rest/api/2/myself',
    `${base.origin}/jiraX/rest`, // a prefix is not the path
    '/..;/other/rest/api/2/myself', // Tomcat drops ';…' and then climbs
    `${base.origin}/jira/..;/other/x`,
    '/%2e%2e/other/rest',
    '/rest/%2E%2e/%2e%2E/other',
    '/rest/..%3b/x',
    '/rest%2f..%2fother',
    '/rest%5c..%5cother',
  ];
  for (const url of refused) {
    await assert.rejects(client.request('GET', url), (e: unknown) => e instanceof OriginError && /^Refused to send a request to .+: it is not on the server/.test(e.message), url);
    await assert.rejects(client.fetch(url), OriginError, url);
  }
  assert.equal(connections, 0, 'nothing reached the other host');
  assert.equal(bytes, 0);
  const issue = await client.issue('PROJ-1');
  const self = (issue as { self: string }).self;
  assert.ok(self.startsWith(jira.url), self);
  assert.equal(((await client.request<{ key: string }>('GET', self)).key), 'PROJ-1', "Jira's self link is on the server");
  assert.equal((await client.fetch(`${jira.url}/rest/api/2/serverInfo`)).status, 200);
});

test('jirakit request and the shell refuse another host in one sentence, and send it nothing', async () => {
  const env = cleanEnv(freshHome(), { JIRA_TOKEN: 'PAT-SECRET-1' });
  const cli = await runCli(['request', 'GET', `${otherUrl}/x`, '--server', jira.url], env);
  assert.equal(cli.code, 2, 'a URL off the server is a usage error');
  assert.match(cli.stderr, /^jirakit: Refused to send a request to http:\/\/127\.0\.0\.1:\d+\/x: it is not on the server http:\/\/127\.0\.0\.1:\d+\/jira, and the credentials are for that server only\. Give a path on the server/);
  assert.equal(cli.stderr.split('\n').filter(Boolean).length, 1);
  const shell = await runCli(['shell', '--server', jira.url], env, `jira.request('GET', '${otherUrl}/x')\njira.fetch('${otherUrl}/y')\n`);
  assert.match(shell.stderr, /^jira: Refused to send a request to http:\/\/127\.0\.0\.1:\d+\/x:/m);
  assert.match(shell.stderr, /^jira: Refused to send a request to http:\/\/127\.0\.0\.1:\d+\/y:/m);
  assert.equal(connections, 0, 'nothing reached the other host');
  assert.equal(bytes, 0);
});
