// Shared by the benchmarks that need OAuth: a simulator process with a fresh consumer key, and an
// access token approved by the scripted admin.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateRsaKeyPair, getAccessToken, getAuthorizeUrl, getRequestToken, parsePrivateKey } from '../dist/index.js';
import { approveAsUser } from '../dist/simulator.js';

/** Starts `jirakit simulate` with consumer `bench` and returns its URL, the token, and a stop(). */
export async function startOAuthSimulator() {
  const dir = mkdtempSync(join(tmpdir(), 'jirakit-bench-'));
  const { privateKeyPem, publicKeyPem } = generateRsaKeyPair();
  const keyPath = join(dir, 'rsa.pem');
  writeFileSync(keyPath, privateKeyPem, { mode: 0o600 });
  writeFileSync(join(dir, 'rsa.pub'), publicKeyPem);
  const sim = spawn(process.execPath, [fileURLToPath(new URL('../dist/jirakit.js', import.meta.url)), 'simulate', '--consumer', `bench=${join(dir, 'rsa.pub')}`], { stdio: ['ignore', 'pipe', 'ignore'] });
  let out = '';
  const server = await new Promise((resolve, reject) => {
    sim.stdout.on('data', (d) => { out += d; const m = /listening on (\S+)/.exec(out); if (m) resolve(m[1]); });
    sim.on('close', () => reject(new Error(`simulator did not start: ${out}`)));
  });
  const options = { server, consumerKey: 'bench', privateKey: await parsePrivateKey(privateKeyPem, 'bench key') };
  const rt = await getRequestToken(options);
  await approveAsUser({ authorizeUrl: getAuthorizeUrl(server, rt.token), username: 'admin', password: 'admin' });
  const at = await getAccessToken({ ...options, requestToken: rt.token });
  const flags = ['--server', server, '--consumer-key', 'bench', '--access-token', at.token, '--access-token-secret', at.tokenSecret, '--key-cert', keyPath];
  return { server, dir, flags, stop: () => sim.kill() };
}
