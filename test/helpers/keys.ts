import { chmodSync, readFileSync } from 'node:fs';
import { createPrivateKey } from 'node:crypto';
import { fileURLToPath } from 'node:url';

/** Test-only RSA key pair (never used outside tests). */
export const TEST_KEY_PATH = fileURLToPath(new URL('../fixtures/test-only-rsa.pem', import.meta.url));
export const TEST_PUBLIC_KEY_PATH = fileURLToPath(new URL('../fixtures/test-only-rsa.pub', import.meta.url));
export const OTHER_KEY_PATH = fileURLToPath(new URL('../fixtures/test-only-other-rsa.pem', import.meta.url));
// git keeps no modes but the executable bit: a fresh clone has these 0644, which jirakit warns about.
chmodSync(TEST_KEY_PATH, 0o600);
chmodSync(OTHER_KEY_PATH, 0o600);
export const testKeyPem = readFileSync(TEST_KEY_PATH, 'utf8');
export const testPrivateKey = createPrivateKey(testKeyPem);
export const otherPrivateKey = createPrivateKey(readFileSync(OTHER_KEY_PATH, 'utf8'));
export const CONSUMER = 'monitor-jira-license';
