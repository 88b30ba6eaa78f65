/**
 * node:crypto, loaded on first use. It is not in Node's start-up snapshot, so a static import
 * costs every process that loads jirakit ~8 ms (measured on this project's VM), and scripts with
 * a PAT or a password never sign anything. Node caches the module; each call is a lookup.
 */
export function nodeCrypto(): typeof import('node:crypto') {
  return process.getBuiltinModule('node:crypto');
}
