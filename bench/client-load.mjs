// Client load (not a test): 50 concurrent OAuth-signed requests through jirakit's client, connected
// as scripts connect (getConfig + connect), to the simulator over loopback; bounded in count and
// time. Errors, requests per second, and the heap retained after GC as the requests add up.
import { connect, getConfig } from '../dist/index.js';
import { startOAuthSimulator } from './oauth-simulator.mjs';

const TOTAL = Number(process.env.BENCH_CLIENT_REQUESTS ?? 10_000);
const { flags, dir, stop } = await startOAuthSimulator();
try {
  const jira = await connect(await getConfig(flags, { HOME: dir }));
  let sent = 0;
  let errors = 0;
  let finished = 0;
  const retainedMiB = [];
  const t0 = performance.now();
  const deadline = t0 + 120_000;
  await Promise.all(Array.from({ length: 50 }, async () => {
    while (sent < TOTAL && performance.now() < deadline) {
      sent++;
      await jira.myself().catch(() => { errors++; });
      if (globalThis.gc && ++finished % Math.floor(TOTAL / 5) === 0) {
        globalThis.gc();
        retainedMiB.push(Number((process.memoryUsage().heapUsed / 2 ** 20).toFixed(1)));
      }
    }
  }));
  const seconds = (performance.now() - t0) / 1000;
  console.log(`RESULT ${JSON.stringify({ requests: sent, errors, perSecond: sent / seconds, retainedMiB })}`);
} finally {
  stop();
}
