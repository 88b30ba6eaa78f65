// Debian's Chromium, headless, for the tests that click through Jira's pages as a user would.
import { chromium, type Browser } from 'playwright-core';

/** Launches /usr/bin/chromium headless, without the background traffic a sandboxed CI has no use for. */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'],
  });
}
