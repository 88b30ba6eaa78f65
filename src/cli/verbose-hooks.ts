import { cleanServerText, redactHeaders, redactUrl, type Hooks } from '../index.js';
import { println, type Io } from './io.js';

/** --verbose: each exchange on stderr, credentials masked, and each retry with its reason. */
export function verboseHooks(io: Io): Hooks {
  return {
    beforeRequest: [
      (request) => {
        println(io.stderr, `> ${request.method} ${redactUrl(request.url)}`);
        for (const [name, value] of redactHeaders(Object.entries(request.headers))) println(io.stderr, `> ${name}: ${value}`);
      },
    ],
    afterResponse: [
      (response) => {
        // The server's words: control characters dropped before they reach the terminal.
        println(io.stderr, cleanServerText(`< HTTP ${response.status} ${response.statusText}`));
        for (const [name, value] of redactHeaders([...response.headers])) println(io.stderr, cleanServerText(`< ${name}: ${value}`));
      },
    ],
    beforeRetry: [(r) => println(io.stderr, `jirakit: retrying in ${(r.delayMs / 1000).toFixed(1)} s (${r.reason}), attempt ${r.retry + 1}`)],
  };
}
