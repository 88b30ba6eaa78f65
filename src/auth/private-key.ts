import type { KeyObject, sign as cryptoSign } from 'node:crypto';
import { nodeCrypto } from '../node-crypto.js';
import { ConfigError } from '../errors/jira-kit-error.js';
import { FileTooLargeError, readFileBounded } from '../read-file-bounded.js';

/** A PEM RSA key of 16,384 bits is ~13 KiB; anything over this is not a key file. */
const MAX_KEY_BYTES = 64 * 1024;

/** Where a private key came from, for messages (never its content). */
export interface LoadPrivateKeyOptions {
  /** A passphrase for an encrypted key. */
  readonly passphrase?: string | undefined;
  /** Called when the key is encrypted and no passphrase was given; return it, or undefined. */
  readonly askPassphrase?: (() => Promise<string | undefined>) | undefined;
}

/**
 * Reads an RSA private key (PEM: PKCS#1 or PKCS#8, optionally encrypted) and checks that this
 * platform can make RSA-SHA1 signatures with it. Every failure is a ConfigError with a hint.
 */
export async function loadPrivateKey(path: string, options: LoadPrivateKeyOptions = {}): Promise<KeyObject> {
  let pem: string;
  try {
    // Sync on purpose: one small file at start (fs/promises' first use costs ~4 ms more).
    pem = readFileBounded(path, MAX_KEY_BYTES);
  } catch (error) {
    throw keyFileError(path, error);
  }
  return parsePrivateKey(pem, path, options);
}

/** Parses PEM text as an RSA private key; `label` names its source in messages. */
export async function parsePrivateKey(text: string, label: string, options: LoadPrivateKeyOptions = {}): Promise<KeyObject> {
  let pem = text;
  if (pem.trim() === '') {
    throw new ConfigError(`The key file ${label} is empty`, { hint: 'Create a key with `jirakit keygen --out rsa.pem`' });
  }
  if (/-----BEGIN OPENSSH PRIVATE KEY-----/.test(pem)) {
    throw new ConfigError(`${label} is an OpenSSH private key; Jira's application link needs an RSA key in PEM form`, {
      hint: 'Convert a copy (ssh-keygen -p rewrites the file it is given): `cp KEY rsa.pem && ssh-keygen -p -m PEM -f rsa.pem`, or make a new pair with `jirakit keygen --out rsa.pem`',
    });
  }
  // A file holding the key and its certificate (as TLS tools write them): the key is what signs.
  const keyBlock = /-----BEGIN ((?:RSA |ENCRYPTED )?PRIVATE KEY)-----[\s\S]*?-----END \1-----/.exec(pem)?.[0];
  if (keyBlock !== undefined) pem = keyBlock;
  else if (/-----BEGIN (RSA )?PUBLIC KEY-----/.test(pem) || /-----BEGIN CERTIFICATE-----/.test(pem)) {
    const what = pem.includes('CERTIFICATE') ? 'a certificate' : 'a public key';
    throw new ConfigError(`${label} holds ${what}, not the private key`, {
      hint: '--key-cert takes the private key (rsa.pem); the public key goes into the Jira application link',
    });
  }
  if (!pem.includes('-----BEGIN')) {
    throw new ConfigError(`${label} is not a PEM private key`, {
      hint: 'Convert a DER key with `openssl pkey -inform DER -in key.der -out rsa.pem`, or create one with `jirakit keygen`',
    });
  }
  let passphrase = options.passphrase;
  const encrypted = /ENCRYPTED/.test(pem);
  if (encrypted && passphrase === undefined && options.askPassphrase) passphrase = await options.askPassphrase();
  if (encrypted && passphrase === undefined) {
    throw new ConfigError(`The private key ${label} is encrypted and no passphrase was given`, {
      hint: 'Run on a terminal to be asked for it, or name an environment variable that holds it with --key-passphrase-env VAR',
    });
  }
  let key: KeyObject;
  try {
    key = nodeCrypto().createPrivateKey(passphrase === undefined ? { key: pem } : { key: pem, passphrase });
  } catch (error) {
    if (encrypted) {
      throw new ConfigError(`Could not decrypt the private key ${label}: wrong passphrase`, { hint: 'Check the passphrase', cause: error });
    }
    throw new ConfigError(`${label} is not a readable private key (truncated or damaged PEM)`, {
      hint: 'Create a new key with `jirakit keygen --out rsa.pem` and update the application link',
      cause: error,
    });
  }
  if (key.asymmetricKeyType !== 'rsa') {
    throw new ConfigError(`${label} is not an RSA key (it is ${(key.asymmetricKeyType ?? 'unknown').toUpperCase()}); Jira's OAuth 1.0a needs RSA`, {
      hint: 'Create one with `jirakit keygen --out rsa.pem`',
    });
  }
  assertSha1Signing(key);
  return key;
}

/**
 * Fails with a clear diagnosis when OpenSSL refuses SHA-1 signatures, as RHEL 9's DEFAULT crypto
 * policy does for a Node linked to the system OpenSSL. Jira accepts only RSA-SHA1, so switching
 * to HMAC (as python-jira did, pycontribs/jira#1643) would only trade this for signature_method_rejected.
 */
export function assertSha1Signing(key: KeyObject, signer: typeof cryptoSign = nodeCrypto().sign): void {
  try {
    signer('sha1', Buffer.from('jirakit'), key);
  } catch (error) {
    throw new ConfigError('This platform\'s OpenSSL refuses RSA-SHA1 signatures, which Jira\'s OAuth 1.0a requires', {
      hint:
        'On RHEL 9 and derivatives run `update-crypto-policies --set DEFAULT:SHA1` (or set OPENSSL_CONF to a policy that allows SHA-1), ' +
        'or use the nodejs.org build of Node, which bundles its own OpenSSL',
      cause: error,
    });
  }
}

/** A new RSA key pair as PEM: PKCS#8 private key, SPKI public key (what OpenSSL 3 writes). */
export function generateRsaKeyPair(bits = 2048): { privateKeyPem: string; publicKeyPem: string } {
  const { privateKey, publicKey } = nodeCrypto().generateKeyPairSync('rsa', {
    modulusLength: bits,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  return { privateKeyPem: privateKey, publicKeyPem: publicKey };
}

/** The public half of a private key as SPKI PEM (what `openssl rsa -pubout` writes). */
export function publicKeyPem(privateKey: KeyObject): string {
  return nodeCrypto().createPublicKey(privateKey).export({ type: 'spki', format: 'pem' }).toString();
}

/** The base64 body of a PEM block, without armour or line breaks: what Jira's link form wants. */
export function pemBody(pem: string): string {
  return pem.replace(/-----(BEGIN|END)[^-]+-----/g, '').replace(/\s+/g, '');
}

function keyFileError(path: string, error: unknown): ConfigError {
  if (error instanceof FileTooLargeError) return new ConfigError(`${path} is larger than ${MAX_KEY_BYTES / 1024} KiB: not a private key file`, { hint: 'Point --key-cert at the private key (rsa.pem)' });
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new ConfigError(`The key file ${path} does not exist`, { hint: 'Check --key-cert, or create a key with `jirakit keygen --out rsa.pem`' });
  if (code === 'EISDIR') return new ConfigError(`${path} is a directory, not a key file`, { hint: 'Point --key-cert at the private key file (rsa.pem)' });
  if (code === 'EACCES' || code === 'EPERM') return new ConfigError(`The key file ${path} is not readable by this user`, { hint: 'Check its owner and mode (it should be 0600 and yours)' });
  return new ConfigError(`Could not read the key file ${path} (${code ?? 'unknown error'})`, { hint: 'Check --key-cert', cause: error });
}
