// Simulators for the metrics tests: in-process, over loopback, closed when the test file ends.
import { after } from 'node:test';
import { createSimulator, type ApplicationsSeed, type RunningSimulator, type SimulatorOptions } from '../../src/simulator/index.js';
import { CONSUMER, testKeyPem } from '../helpers/keys.js';

const running: RunningSimulator[] = [];
after(async () => {
  for (const s of running) await s.close();
});

const isoIn = (days: number): string => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

/** Jira Software 45 of 50 expiring in 200 days, Service Management 9 of 10 without license expiry, Core unlimited with dates. */
export const APPS: ApplicationsSeed = {
  'jira-software': { name: 'Jira Software', version: '10.3.19', activeUsers: 45, licensedUsers: 50, expiryDate: isoIn(200), maintenanceExpiryDate: isoIn(100) },
  'jira-servicedesk': { name: 'Jira Service Management', version: '10.3.19', activeUsers: 9, licensedUsers: 10, maintenanceExpiryDate: isoIn(20) },
  'jira-core': { name: 'Jira Core', version: '10.3.19', activeUsers: 54, licensedUsers: -1, expiryDate: isoIn(400), maintenanceExpiryDate: isoIn(400), platform: true },
};

/** A simulator with these applications (default APPS), an admin PAT and the test OAuth consumer. */
export async function jira(options: SimulatorOptions = {}) {
  const sim = createSimulator({ consumers: [{ key: CONSUMER, publicKeyPem: testKeyPem }], pats: [['admin', 'PAT-admin-0123456789']], applications: APPS, ...options });
  const server = await sim.listen();
  running.push(server);
  return { sim, url: server.url, close: () => server.close() };
}

/** Basic credentials of the simulator's administrator: they pass WebSudo, so UPM answers. */
export const ADMIN = { JIRA_USERNAME: 'admin', JIRA_PASSWORD: 'admin' } as const;
