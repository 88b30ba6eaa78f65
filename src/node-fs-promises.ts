/**
 * node:fs/promises, loaded on first use. Only writers need it (saving a profile, its lock, a
 * rescue file), and its first load also starts readline's interface (~2 ms and ~70 KB of young
 * heap, measured on this project's VM): the plugin, which reads settings synchronously, pays for
 * it only on the rare run that saves renewed tokens.
 */
export function fsPromises(): typeof import('node:fs/promises') {
  return process.getBuiltinModule('node:fs/promises');
}
