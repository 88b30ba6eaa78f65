/**
 * `jirakit simulate --seed FILE`: simulator settings as JSON. Consumers name their public key by
 * file (relative to the seed file) or inline PEM.
 */
import { readFileBounded } from '../read-file-bounded.js';

/** Seeds are settings and a few records; a bigger file is a mistake (or a hostile one). */
const MAX_SEED_BYTES = 16 * 2 ** 20;
const MAX_KEY_BYTES = 64 * 1024;
import { dirname, resolve } from 'node:path';
import { ConfigError } from '../errors/jira-kit-error.js';
import type { ConsumerSeed, SimulatorOptions, UserSeed } from './types.js';

/** The JSON shape of a seed file. */
export interface SeedFile extends Omit<SimulatorOptions, 'now' | 'consumers' | 'pats' | 'users'> {
  readonly users?: UserSeed[];
  readonly pats?: { user: string; token: string }[];
  readonly consumers?: (Omit<ConsumerSeed, 'publicKeyPem'> & { publicKeyPem?: string; publicKeyFile?: string })[];
}

/** Reads a seed file into simulator options. */
export async function loadSeedFile(path: string): Promise<SimulatorOptions> {
  let seed: SeedFile;
  try {
    seed = JSON.parse(readFileBounded(path, MAX_SEED_BYTES)) as SeedFile;
  } catch (error) {
    const reason = error instanceof SyntaxError ? `not valid JSON: ${error.message}` : ((error as NodeJS.ErrnoException).code ?? (error instanceof Error && error.name === 'FileTooLargeError' ? `larger than ${MAX_SEED_BYTES / 2 ** 20} MiB` : 'unreadable'));
    throw new ConfigError(`Could not read the seed file ${path} (${reason})`, { hint: 'See `jirakit simulate --help` for its shape' });
  }
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) {
    throw new ConfigError(`The seed file ${path} must hold a JSON object`, { hint: 'See `jirakit simulate --help` for its shape' });
  }
  const consumers: ConsumerSeed[] = [];
  for (const c of seed.consumers ?? []) {
    const { publicKeyFile, publicKeyPem, ...rest } = c;
    let pem = publicKeyPem;
    if (pem === undefined && publicKeyFile !== undefined) {
      const file = resolve(dirname(path), publicKeyFile);
      try {
        pem = readFileBounded(file, MAX_KEY_BYTES);
      } catch {
        throw new ConfigError(`Could not read ${file}, the public key of consumer '${c.key}' in ${path}`, { hint: 'Check publicKeyFile' });
      }
    }
    if (pem === undefined) throw new ConfigError(`Consumer '${c.key}' in ${path} has no publicKeyFile or publicKeyPem`, { hint: 'Add one' });
    consumers.push({ ...rest, publicKeyPem: pem });
  }
  const { pats, ...options } = seed;
  return { ...options, consumers, pats: (pats ?? []).map((p) => [p.user, p.token] as const) };
}
