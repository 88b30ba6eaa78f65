/**
 * -t: the plugin's deadline (monitoring-plugins.md 7: "maintain internal code to exit if runtime
 * exceeds a threshold"), bounding the whole run as docs/cli.md says, reading and parsing
 * included. A timer alone is not enough: a synchronous step (JSON.parse, judging) holds the
 * event loop, and the timer fires only after it, when the late answer has already won the race.
 * So the clock is read again once the work settles.
 */

/** What withinDeadline gives when the deadline passed first. */
export type TimedOut = 'timeout';

const EXPIRED = Symbol('expired');

/** Time kept back from -t for writing the line and exiting: a tenth of -t, at most 100 ms. */
export function reserveMs(ms: number): number {
  return Math.min(100, ms / 10);
}

/**
 * Runs `work` until `ms` after `startedAt` (less the reserve); 'timeout' when the deadline passes
 * first or had passed by the time the work settled. `onTimeout` runs once then, to stop the work.
 */
export async function withinDeadline<T>(work: Promise<T>, ms: number, startedAt = Date.now(), onTimeout?: () => void): Promise<T | TimedOut> {
  const end = startedAt + ms - reserveMs(ms);
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof EXPIRED>((resolve) => {
    timer = setTimeout(() => resolve(EXPIRED), Math.max(0, end - Date.now()));
  });
  try {
    const result = await Promise.race([work, expired]);
    if (result !== EXPIRED && Date.now() <= end) return result;
    onTimeout?.();
    return 'timeout';
  } catch (error) {
    if (Date.now() <= end) throw error;
    onTimeout?.();
    return 'timeout';
  } finally {
    clearTimeout(timer);
    work.catch(() => undefined);
  }
}
