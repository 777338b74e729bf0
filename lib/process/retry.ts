import type { Command, CommandResult, Runner } from './runner.js';
import { sleep } from './sleep.js';

/** How long to wait before each retry: the whole budget stays under half a minute. */
export const RETRY_DELAYS_MS: readonly number[] = [1000, 2000, 4000, 8000, 8000];

/**
 * Failures of the network between a tool and what it talks to (the docker
 * daemon, a registry, an API server) that a moment later would not happen.
 */
export const NETWORK_BLIPS: readonly RegExp[] = [
  /connection reset by peer/,
  /TLS handshake timeout/,
  /i\/o timeout/,
  /Client\.Timeout exceeded while awaiting headers/,
  /http2: client connection lost/,
  /unexpected EOF/,
];

export function matchesAny(patterns: readonly RegExp[], text: string): boolean {
  return patterns.some((pattern) => pattern.test(text));
}

/**
 * A runner that runs a command again, after a growing pause, when it failed
 * in a way `transient` says a moment would fix; the last result is what the
 * caller sees, so a lasting failure is reported as it was. An abort ends the
 * pause at once.
 */
export function retryingRunner(
  inner: Runner,
  transient: (command: Command, result: CommandResult) => boolean,
  delays: readonly number[] = RETRY_DELAYS_MS,
): Runner {
  return {
    async run(command, signal) {
      let result = await inner.run(command, signal);
      for (const delay of delays) {
        if (result.exitCode === 0 || signal?.aborted || !transient(command, result)) return result;
        await sleep(delay, signal);
        result = await inner.run(command, signal);
      }
      return result;
    },
  };
}
