import { NotReadyError } from '../errors.js';
import { sleep } from '../process/sleep.js';

/**
 * Asks `check` until it says done, at most every `pollMs`, until the timeout;
 * then fails with `timedOut`. `check` may throw to end the wait at once.
 */
export async function pollUntil(
  check: () => Promise<boolean>,
  options: { timeoutSeconds: number; signal: AbortSignal; pollMs: number; timedOut: string },
): Promise<void> {
  const deadline = Date.now() + options.timeoutSeconds * 1000;
  for (;;) {
    if (await check()) return;
    if (Date.now() >= deadline) throw new NotReadyError(options.timedOut);
    await sleep(Math.min(options.pollMs, Math.max(0, deadline - Date.now())), options.signal);
  }
}
