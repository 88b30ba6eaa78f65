// The simulator's self-signed certificate: its serial is a valid DER INTEGER for every random
// first byte (a padded one made about 1 in 256 certificates unloadable), and the certificate
// loads in OpenSSL through Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { X509Certificate } from 'node:crypto';
import { createSecureContext } from 'node:tls';
import { certificateSerial, selfSignedCertificate } from '../../src/simulator/self-signed.js';

test('every first byte gives a positive, minimal serial', () => {
  for (let first = 0; first < 256; first++) {
    for (const second of [0x00, 0x7f, 0x80, 0xff]) {
      const serial = certificateSerial(Buffer.from([first, second, 1, 2]));
      assert.ok((serial[0] ?? 0) < 0x80, 'positive');
      assert.ok(!(serial[0] === 0 && (serial[1] ?? 0) < 0x80), `minimal for ${first},${second}`);
    }
  }
});

test('the certificate loads and names its hosts', () => {
  const { certPem, keyPem } = selfSignedCertificate(['localhost', '127.0.0.1', '::1'], 1);
  const cert = new X509Certificate(certPem);
  assert.match(cert.subjectAltName ?? '', /DNS:localhost/);
  assert.match(cert.subjectAltName ?? '', /IP Address:127\.0\.0\.1/);
  assert.doesNotThrow(() => createSecureContext({ cert: certPem, key: keyPem }));
});
