import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createClient, createOAuth1Auth, generateRsaKeyPair, getAccessToken, getAuthorizeUrl, getRequestToken, parsePrivateKey, pemBody } from '../../index.js';
import { approveAsUser, createSimulator } from '../../simulator/index.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { println } from '../io.js';
import { demoOAuth2 } from './demo-oauth2.js';

const CONSUMER = 'monitor-jira-license';

/** `jirakit demo`: the seed procedure end to end against an embedded simulator. */
export const demo: Command = {
  summary: 'the whole procedure against an in-process simulator',
  help: `Usage: jirakit demo

Starts the Jira simulator on a free loopback port, makes a throwaway RSA key,
registers it as an application link, runs the OAuth dance (a scripted user logs
in and clicks Allow), and calls serverInfo with the new token, printing each
step as the seed procedure's transcript shows it. Then the same for OAuth 2.0:
an External application link, the PKCE dance, Bearer calls, and a renewal
after the simulator's clock passes the token's hour. Everything is thrown away
at the end; the tokens shown are the simulator's, not a real Jira's.

Example:
  npm run demo`,
  async run(argv, io) {
    parseCommandArgs(argv, {});
    const out = (text = ''): void => println(io.stdout, text);
    const dir = await mkdtemp(join(tmpdir(), 'jirakit-demo-'));
    const sim = createSimulator({ contextPath: '/jira', serverTitle: 'Red Radish JIRA (simulated)' });
    const running = await sim.listen({ port: 0 });
    try {
      const server = running.url;
      out(`# A Jira Data Center simulator is listening on ${server} (users admin:admin, jdoe:jdoe).`);
      out();
      out('$ jirakit keygen --out rsa.pem');
      const { privateKeyPem: privateKey, publicKeyPem: publicKey } = generateRsaKeyPair();
      await writeFile(join(dir, 'rsa.pem'), privateKey, { mode: 0o600 });
      const body = pemBody(publicKey);
      out(`${body.slice(0, 60)}...`);
      out();
      out(`$ jirakit applink --consumer-key ${CONSUMER} --key-cert rsa.pem`);
      out(`Consumer Key:  ${CONSUMER}`);
      out('Consumer Name: Monitor Jira License');
      out(`Public Key:    ${body.slice(0, 46)}...`);
      sim.addConsumer({ key: CONSUMER, publicKeyPem: publicKey, name: 'Monitor Jira License' });
      out('# (an administrator pastes these into the incoming link; here the simulator registers them)');
      out();
      out(`$ BROWSER='echo %s' jirakit dance --server ${server} --consumer-key ${CONSUMER} --key-cert rsa.pem --print-tokens`);
      const key = await parsePrivateKey(privateKey, 'the demo key');
      const options = { server, consumerKey: CONSUMER, privateKey: key };
      const requestToken = await getRequestToken(options);
      out('Request tokens received.');
      out(`    Request token:        ${requestToken.token}`);
      out(`    Request token secret: ${requestToken.tokenSecret}`);
      const url = getAuthorizeUrl(server, requestToken.token);
      out('Please visit this URL to authorize the OAuth request:');
      out(`    ${url}`);
      const approved = await approveAsUser({ authorizeUrl: url, username: 'admin', password: 'admin' });
      out(`# (admin logs in at the login page, clicks Allow, and sees "${approved.title}")`);
      out(`Have you authorized this program to connect on your behalf to ${server}? (y/n) y`);
      const access = await getAccessToken({ ...options, requestToken: requestToken.token });
      out('Access tokens received.');
      out(`    Access token:        ${access.token}`);
      out(`    Access token secret: ${access.tokenSecret}`);
      out();
      out("# GET /rest/api/2/serverInfo, signed with the new access token (the seed's `jira.server_info()`):");
      const jira = createClient({ baseUrl: server, auth: createOAuth1Auth({ consumerKey: CONSUMER, privateKey: key, token: access.token }) });
      out(JSON.stringify(await jira.serverInfo(), null, 2));
      out(`# (signed RSA-SHA1 with the new token; Jira knows it as '${(await jira.myself()).name}')`);
      out();
      out("# The seed's license check, through the same client:");
      const usage = await jira.license('jira-software');
      out(`Using ${usage.activeUserCount} of ${usage.licensedUserCount} license slots`);
      out();
      await demoOAuth2(out);
      return 0;
    } finally {
      await running.close();
      await rm(dir, { recursive: true, force: true });
    }
  },
};
