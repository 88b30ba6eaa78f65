/**
 * A self-signed X.509 v3 certificate for the simulator's --https, made with node:crypto alone
 * (Node has no certificate builder): a few DER encoders, a TBSCertificate, an RSA-SHA256 signature.
 * @see https://www.rfc-editor.org/rfc/rfc5280#section-4.1
 */
import type { KeyObject } from 'node:crypto';
import { nodeCrypto } from '../node-crypto.js';
import { isIP } from 'node:net';

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v >>= 8) bytes.unshift(v & 0xff);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

const tlv = (tag: number, ...content: Buffer[]): Buffer => {
  const body = Buffer.concat(content);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const seq = (...items: Buffer[]): Buffer => tlv(0x30, ...items);

function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [a * 40 + b];
  for (const part of rest) {
    const chunk: number[] = [];
    for (let v = part; ; v = Math.floor(v / 128)) {
      chunk.unshift((v % 128) | (chunk.length > 0 ? 0x80 : 0));
      if (v < 128) break;
    }
    bytes.push(...chunk);
  }
  return tlv(0x06, Buffer.from(bytes));
}

function utcTime(date: Date): Buffer {
  const s = date.toISOString().replace(/[-:T]/g, '').slice(2, 14);
  return tlv(0x17, Buffer.from(`${s}Z`));
}

function ipBytes(ip: string): Buffer {
  if (isIP(ip) === 4) return Buffer.from(ip.split('.').map(Number));
  const full = ip.replace('::', `:${'0:'.repeat(8 - ip.split(':').filter(Boolean).length)}`).replace(/^:|:$/g, '');
  return Buffer.concat(full.split(':').map((h) => Buffer.from(h.padStart(4, '0'), 'hex')));
}

/**
 * A certificate serial from random bytes, as a DER INTEGER's content: positive (top bit clear)
 * and minimal (no leading zero byte). A zero first byte followed by a byte below 0x80 is a
 * padded INTEGER, which OpenSSL refuses (ERR_OSSL_ASN1_ILLEGAL_PADDING): about one certificate
 * in 256 failed to load before.
 */
export function certificateSerial(random: Buffer): Buffer {
  const serial = Buffer.from(random);
  serial[0] = ((serial[0] ?? 0) & 0x7f) || 0x01;
  return serial;
}

/** A key and a self-signed certificate (PEM) for the given host names and IP addresses. */
export interface SelfSigned {
  readonly keyPem: string;
  readonly certPem: string;
}

/** Makes a certificate valid from an hour ago for `days` days, for `names` (DNS names or IPs). */
export function selfSignedCertificate(names: readonly string[] = ['localhost', '127.0.0.1', '::1'], days = 30, now = Date.now()): SelfSigned {
  const { createPublicKey, generateKeyPairSync, randomBytes, sign } = nodeCrypto();
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const sha256WithRsa = seq(oid('1.2.840.113549.1.1.11'), tlv(0x05));
  const name = seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x0c, Buffer.from('jirakit simulator')))));
  const serial = certificateSerial(randomBytes(12));
  const san = seq(...names.map((n) => (isIP(n) ? tlv(0x87, ipBytes(n)) : tlv(0x82, Buffer.from(n)))));
  const extensions = tlv(0xa3, seq(
    seq(oid('2.5.29.17'), tlv(0x04, san)),
    seq(oid('2.5.29.19'), tlv(0x04, seq())), // basicConstraints: not a CA
  ));
  const tbs = seq(
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, serial),
    sha256WithRsa,
    name,
    seq(utcTime(new Date(now - 3_600_000)), utcTime(new Date(now + days * 86_400_000))),
    name,
    createPublicKey(privateKey).export({ type: 'spki', format: 'der' }),
    extensions,
  );
  const signature = sign('sha256', tbs, privateKey as KeyObject);
  const der = seq(tbs, sha256WithRsa, tlv(0x03, Buffer.from([0]), signature));
  const certPem = `-----BEGIN CERTIFICATE-----\n${der.toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END CERTIFICATE-----\n`;
  return { keyPem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(), certPem };
}
