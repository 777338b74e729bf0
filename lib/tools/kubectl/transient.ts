import type { Outcome } from './call.js';
import { sleep } from '../../process/sleep.js';

/**
 * kubectl failures that a moment later would not happen: the API server of a
 * cluster just created not answering yet, a webhook whose pods are starting,
 * an optimistic-concurrency conflict, a connection dropped on a busy machine.
 */
const TRANSIENT = [
  /The connection to the server \S+ was refused/,
  /connect: connection refused/,
  /connection reset by peer/,
  /TLS handshake timeout/,
  /i\/o timeout/,
  /failed calling webhook "[^"]+": .*(connection refused|no endpoints available|context deadline exceeded)/,
  /the object has been modified; please apply your changes to the latest version/,
  /the server is currently unable to handle the request/,
  /etcdserver: (request timed out|leader changed)/,
  /Too many requests/i,
];

/** How long to wait before each retry: the whole budget stays under half a minute. */
export const RETRY_DELAYS_MS = [1000, 2000, 4000, 8000, 8000];

export function isTransient(stderr: string): boolean {
  return TRANSIENT.some((pattern) => pattern.test(stderr));
}

/**
 * Runs a call until it succeeds, fails in a way a retry would not change, or
 * the delays run out; the last outcome is what the caller reports.
 */
export async function withRetries(
  attempt: () => Promise<Outcome>,
  signal: AbortSignal | undefined,
  delays: readonly number[] = RETRY_DELAYS_MS,
): Promise<Outcome> {
  let outcome = await attempt();
  for (const delay of delays) {
    if (outcome.ok || !isTransient(outcome.error.stderr) || signal?.aborted) return outcome;
    if (signal) await sleep(delay, signal);
    else await new Promise((resolve) => setTimeout(resolve, delay));
    outcome = await attempt();
  }
  return outcome;
}
