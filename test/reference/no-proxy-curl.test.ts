/**
 * NO_PROXY as curl reads it, judged by curl itself (Debian's, CURLOPT_NOPROXY): each target and
 * NO_PROXY value goes once through jirakit's transport and once through curl, both with the same
 * HTTP proxy, over loopback; who answered, the proxy or the server, must be the same. Where curl
 * 7.88 reads an entry otherwise on purpose or by a bug, jirakit's reading is asserted on its own.
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { promisify } from 'node:util';
import { createHttpFetch } from '../../src/index.js';

const run = promisify(execFile);
const servers: Server[] = [];
let port = 0;
let proxy = '';
let otherProxy = '';

/** A server on `host` that answers every request with `body`. */
async function answering(body: string, host: string, at = 0): Promise<number> {
  const server = createServer((_request, response) => response.end(body));
  servers.push(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(at, host, resolve);
  });
  return (server.address() as AddressInfo).port;
}

before(async () => {
  // The same port on three loopback addresses (127.0.0.2 is loopback on Linux too), so that
  // `localhost` reaches the server whichever address it resolves to. The port is free on
  // 127.0.0.1 only: taken elsewhere, all three are opened again on another.
  for (let tries = 1; ; tries++) {
    port = await answering('server', '127.0.0.1');
    try {
      await answering('server', '127.0.0.2', port);
      await answering('server', '::1', port);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EADDRINUSE' || tries === 5) throw error;
      for (const server of servers.splice(0)) server.close();
    }
  }
  proxy = `http://127.0.0.1:${await answering('proxy', '127.0.0.1')}`;
  otherProxy = `http://127.0.0.1:${await answering('other proxy', '127.0.0.1')}`;
});

after(() => {
  for (const server of servers) {
    server.closeAllConnections();
    server.close();
  }
});

const targets = (): string[] => [`http://127.0.0.1:${port}/`, `http://127.0.0.2:${port}/`, `http://[::1]:${port}/`, `http://localhost:${port}/`];

/** Who answered jirakit's transport: 'proxy' or 'server'. */
async function viaJirakit(url: string, noProxy: string): Promise<string> {
  const fetch = createHttpFetch({ env: { HTTP_PROXY: proxy, NO_PROXY: noProxy } });
  return (await fetch(url)).text();
}

/** Who answered curl, with the same proxy and NO_PROXY (and nothing else from the environment). */
async function viaCurl(url: string, noProxy: string): Promise<string> {
  const { stdout } = await run('curl', ['--silent', '--show-error', '--max-time', '10', '--proxy', proxy, '--noproxy', noProxy, url], { env: { PATH: process.env['PATH'] } });
  return stdout;
}

test('NO_PROXY: jirakit and curl send the same requests past the proxy', async () => {
  const values = [
    // Addresses and IPv4 blocks: compared as addresses, never as a name's suffix.
    '127.0.0.1', '127.0.0.0/8', '127.0.0.1/32', '127.0.0.2/31', '127.0.0.0/31', '10.0.0.0/8', '127.0.0.1/33',
    '127.1', '0.0.1', '.0.0.1', '::ffff:127.0.0.1', '::1',
    // Names: the host itself or a domain that contains it, any case, a leading dot dropped.
    'localhost', '.localhost', 'LOCALHOST', 'calhost', 'localhost.', 'example.com,localhost',
    // Lists, spaces and the wildcard.
    ' 127.0.0.1 , ::1 ', '*', '10.0.0.1,127.0.0.2',
  ];
  const disagreements: string[] = [];
  for (const value of values) {
    for (const url of targets()) {
      const [ours, curls] = await Promise.all([viaJirakit(url, value), viaCurl(url, value)]);
      assert.match(ours, /^(proxy|server)$/);
      assert.match(curls, /^(proxy|server)$/);
      if (ours !== curls) disagreements.push(`NO_PROXY=${JSON.stringify(value)} ${url}: jirakit asked the ${ours}, curl the ${curls}`);
    }
  }
  assert.deepEqual(disagreements, []);
});

test('NO_PROXY: where curl 7.88 reads an entry otherwise, jirakit reads it as documented', async () => {
  const [v4, v4other, v6] = targets();
  const cases: [string, string, string][] = [
    // curl 7.88 matches no IPv6 block and no other spelling of an IPv6 address, where its manual
    // (https://curl.se/libcurl/c/CURLOPT_NOPROXY.html) takes IP addresses and blocks of both families.
    ['::1/128', v6 ?? '', 'server'],
    ['[::1]/128', v6 ?? '', 'server'],
    ['[fd00::]/8', v6 ?? '', 'proxy'],
    ['::/0', v6 ?? '', 'server'],
    ['0:0:0:0:0:0:0:1', v6 ?? '', 'server'],
    ['fe80::/10', v6 ?? '', 'proxy'],
    // curl reads a /0 block as the bare address; it is every address of its family.
    ['0.0.0.0/0', v4 ?? '', 'server'],
    ['0.0.0.0/0', v6 ?? '', 'proxy'],
    // A port narrows an entry to that port (as Python's requests reads `host:port`); curl takes none.
    [`127.0.0.1:${port}`, v4 ?? '', 'server'],
    [`127.0.0.1:${port + 1}`, v4 ?? '', 'proxy'],
    [`[::1]:${port}`, v6 ?? '', 'server'],
    // A malformed block matches nothing, where curl reads `127.0.0.1/` as the address.
    ['127.0.0.1/', v4 ?? '', 'proxy'],
    ['127.0.0.2/x', v4other ?? '', 'proxy'],
  ];
  for (const [value, url, expected] of cases) {
    assert.equal(await viaJirakit(url, value), expected, `NO_PROXY=${JSON.stringify(value)} ${url}`);
  }
});

test('both cases of a variable set: the lower-case one counts, for curl and jirakit alike', async () => {
  const url = `http://127.0.0.1:${port}/`;
  const env = { http_proxy: proxy, HTTP_PROXY: otherProxy, no_proxy: 'localhost', NO_PROXY: '127.0.0.1' };
  const { stdout: curls } = await run('curl', ['--silent', '--show-error', '--max-time', '10', url], { env: { PATH: process.env['PATH'], ...env } });
  const ours = await (await createHttpFetch({ env })(url)).text();
  assert.equal(curls, 'proxy', 'curl: http_proxy, and no_proxy does not exempt 127.0.0.1');
  assert.equal(ours, curls);
});
