import type { Writable } from 'node:stream';

/** After this long a wait shows itself; quicker answers never flash a line. */
const QUIET_MS = 1000;
const EVERY_MS = 250;

/**
 * A status line on a terminal while the shell waits for a line's answer (cli.md: long waits show
 * progress on a TTY): elapsed time and the answers so far, rewritten in place and erased when the
 * wait ends. Returns the function that ends it.
 */
export function showWaitStatus(stream: Writable, answered: () => number, now: () => number = Date.now): () => void {
  const start = now();
  const first = answered();
  let shown = false;
  const draw = (): void => {
    const n = answered() - first;
    const seconds = Math.round((now() - start) / 1000);
    stream.write(`\r\x1b[2KWaiting for Jira: ${seconds} s, ${n} answer${n === 1 ? '' : 's'} so far (Ctrl-C to stop)`);
    shown = true;
  };
  let timer: NodeJS.Timeout | undefined;
  const delay = setTimeout(() => {
    draw();
    timer = setInterval(draw, EVERY_MS).unref();
  }, QUIET_MS).unref();
  return () => {
    clearTimeout(delay);
    clearInterval(timer);
    if (shown) stream.write('\r\x1b[2K');
  };
}
