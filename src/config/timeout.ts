/**
 * Timeouts in seconds, as flags, variables and profiles give them. Node's timers hold at most
 * 2^31-1 ms (~24.8 days); a longer one fires at once with a TimeoutOverflowWarning, so it is
 * refused rather than turned into an immediate timeout.
 */

/** The longest timeout accepted, in seconds. */
export const MAX_TIMEOUT_SECONDS = Math.floor((2 ** 31 - 1) / 1000);

/** Milliseconds for a timeout given in seconds, or undefined when it is not a number above 0 and at most MAX_TIMEOUT_SECONDS. */
export function timeoutSecondsToMs(text: string): number | undefined {
  const trimmed = text.trim();
  // Plain decimals only: '1e9', '0x10' and 'Infinity' are numbers to JavaScript, not to users.
  if (!/^\d+(\.\d+)?$/.test(trimmed)) return undefined;
  const seconds = Number(trimmed);
  if (!(seconds > 0) || seconds > MAX_TIMEOUT_SECONDS) return undefined;
  return Math.max(1, Math.round(seconds * 1000));
}
