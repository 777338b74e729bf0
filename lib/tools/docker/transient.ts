import type { Command, CommandResult } from '../../process/runner.js';
import { matchesAny, NETWORK_BLIPS } from '../../process/retry.js';
import { dockerDaemonFailure } from './daemon.js';

/**
 * A docker call worth running again: the daemon answered, but a connection
 * dropped or timed out on the way (a laptop waking up, a busy daemon). A
 * daemon that is down or refuses mesh is not waited for: that needs the user.
 */
export function isDockerTransient(_command: Command, result: CommandResult): boolean {
  if (dockerDaemonFailure(result.stderr)) return false;
  return matchesAny([...NETWORK_BLIPS, /Error response from daemon: .*context deadline exceeded/], result.stderr);
}
