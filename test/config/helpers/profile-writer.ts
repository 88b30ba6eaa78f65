// A separate process for profiles-concurrency.test.ts: saves or updates profiles from a given
// moment on (so the processes overlap), or takes the lock and keeps it until killed.
import { setTimeout as sleep } from 'node:timers/promises';
import { saveProfile, updateProfile, withProfileLock } from '../../../src/config/profiles.js';

const [mode = '', home = '', name = '', startAt = '0', rounds = '1'] = process.argv.slice(2);
const env = { HOME: home };
await sleep(Math.max(0, Number(startAt) - Date.now()));
if (mode === 'save') {
  await saveProfile(name, { server: `http://${name}.example`, token: `T-${name}` }, env).catch((error: { name?: string; message?: string; hint?: string }) => {
    process.stdout.write(`${JSON.stringify({ name: error.name, message: error.message, hint: error.hint })}\n`);
    process.exitCode = 1;
  });
} else if (mode === 'append') {
  for (let i = 0; i < Number(rounds); i += 1) {
    await updateProfile('shared', (current) => ({ ...current, token: `${current?.token ?? ''}${name}.${i},` }), env);
  }
} else if (mode === 'hold') {
  await withProfileLock(env, async () => {
    process.stdout.write('locked\n');
    setInterval(() => undefined, 1000); // keeps the process (and the lock) until it is killed
    await new Promise(() => undefined);
  });
}
