import type { Command, CommandResult } from '../../process/runner.js';
import { matchesAny, NETWORK_BLIPS } from '../../process/retry.js';

/**
 * A k3d call worth running again: the docker daemon or a registry dropped a
 * connection (pulling k3s's image on a flaky network, a daemon busy starting
 * a dozen containers). A create is only run again when k3d says it rolled
 * back ("Cluster creation FAILED, all changes have been rolled back!"), so
 * the second attempt starts from nothing, as the first did.
 */
export function isK3dTransient(command: Command, result: CommandResult): boolean {
  if (!matchesAny(NETWORK_BLIPS, result.stderr)) return false;
  const creates = command.args[0] === 'cluster' && command.args[1] === 'create';
  return !creates || /all changes have been rolled back/.test(result.stderr);
}
