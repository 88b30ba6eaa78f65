import { generateRsaKeyPair, pemBody, refuseExisting, writeFileSet } from '../../index.js';
import { parseCommandArgs } from '../args.js';
import type { Command } from '../command.js';
import { println } from '../io.js';
import { UsageError } from '../usage-error.js';

/** rsa.pem -> rsa.pub; anything else gets .pub appended. */
export function publicKeyPath(privatePath: string): string {
  return /\.pem$/i.test(privatePath) ? privatePath.replace(/\.pem$/i, '.pub') : `${privatePath}.pub`;
}

/** `jirakit keygen`: the seed's two openssl commands in one. */
export const keygen: Command = {
  summary: 'make an RSA key pair for a Jira application link',
  help: `Usage: jirakit keygen --out FILE [--bits 2048] [--force]

Writes an RSA private key (PEM, mode 0600) to FILE and its public key beside it
(FILE with .pub instead of .pem), then prints the public key as Jira's
application-link form wants it: the base64 body, without the BEGIN/END lines.

Options:
  --out FILE    where to write the private key (required)
  --bits N      key size, 2048 (default) to 4096
  --force       replace existing files (without it, nothing is written
                if either file exists)

Example:
  jirakit keygen --out rsa.pem`,
  async run(argv, io) {
    const { values } = parseCommandArgs(argv, { out: { type: 'string' }, bits: { type: 'string' }, force: { type: 'boolean' } });
    if (!values.out) throw new UsageError('--out FILE is required', { hint: 'e.g. jirakit keygen --out rsa.pem' });
    const bits = Number(values.bits ?? 2048);
    if (!Number.isInteger(bits) || bits < 2048 || bits > 8192) throw new UsageError(`--bits takes 2048 to 8192, not '${values.bits}'`, { hint: 'Jira accepts 2048-bit keys; larger ones are slower' });
    const pubPath = publicKeyPath(values.out);
    const force = values.force === true;
    if (!force) await refuseExisting([values.out, pubPath]);
    const { privateKeyPem: privateKey, publicKeyPem: publicKey } = generateRsaKeyPair(bits);
    await writeFileSet([{ path: values.out, data: privateKey, mode: 0o600 }, { path: pubPath, data: publicKey, mode: 0o644 }], force);
    println(io.stderr, `Wrote the private key to ${values.out} (mode 0600; keep it secret) and the public key to ${pubPath}.`);
    println(io.stderr, "Public key for the 'Public Key' field of Jira's incoming application link:");
    println(io.stdout, pemBody(publicKey));
    return 0;
  },
};
