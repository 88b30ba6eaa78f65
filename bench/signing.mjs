// Signing cost (not a test): jirakit signing a request (base string, nonce, header) against the
// bare RSA-SHA1 operation alone, in alternating blocks. The overhead ratio is what matters.
import { createPrivateKey, generateKeyPairSync, sign } from 'node:crypto';
import { signOAuth1, signatureBaseString } from '../dist/index.js';

const N = Number(process.env.BENCH_SIGNS ?? 2000);
const BLOCKS = 5;
const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const key = createPrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }));
const url = new URL('https://jira.example.com/rest/api/2/search?jql=project+%3D+PROJ&fields=summary&fields=status&startAt=0');
const options = { consumerKey: 'monitor-jira-license', privateKey: key, token: 'A56FItjuH3jfcCs4aYS57gzXnAPXk2Zt' };
const base = signatureBaseString({ method: 'GET', url, oauthParams: [['oauth_consumer_key', 'x'], ['oauth_nonce', 'n'], ['oauth_signature_method', 'RSA-SHA1'], ['oauth_timestamp', '1'], ['oauth_version', '1.0'], ['oauth_token', 't']] });

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const bare = [];
const full = [];
for (let b = 0; b < BLOCKS; b++) {
  let t = performance.now();
  for (let i = 0; i < N; i++) sign('RSA-SHA1', Buffer.from(base), key);
  bare.push((performance.now() - t) / N);
  t = performance.now();
  for (let i = 0; i < N; i++) signOAuth1({ method: 'GET', url }, options);
  full.push((performance.now() - t) / N);
}
const result = { bareMicros: median(bare) * 1000, jirakitMicros: median(full) * 1000, overhead: median(full) / median(bare) };
console.log(`RESULT ${JSON.stringify(result)}`);
