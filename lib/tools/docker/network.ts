import { ToolError } from '../../errors.js';
import { runChecked, type Command, type Runner } from '../../process/runner.js';
import { dockerDaemonFailure } from './daemon.js';

/** The label that marks a network as mesh's own, so `mesh down` only ever removes those. */
export const NETWORK_LABEL = 'dev.k3d-mesh.network';

type MakeCommand = (args: string[], mutates: boolean) => Promise<Command>;

export async function createNetwork(runner: Runner, command: MakeCommand, name: string, signal?: AbortSignal): Promise<void> {
  try {
    await checked(runner, await command(['network', 'create', '--label', `${NETWORK_LABEL}=true`, name], true), signal);
  } catch (error) {
    // A retry after a reply lost on the way, or another run creating it at the same moment: it is there, as wanted.
    if (error instanceof ToolError && /network with name \S+ already exists/.test(error.stderr)) return;
    throw error;
  }
}

/**
 * Removes a network only when mesh created it and no container, running or
 * stopped, is attached to it: a network the user made, or one another
 * cluster (even a stopped one) still sits on, stays.
 */
export async function removeNetwork(
  runner: Runner,
  command: MakeCommand,
  name: string,
  signal?: AbortSignal,
): Promise<'removed' | 'absent' | 'not-mesh' | 'in-use'> {
  const format = `{{json .Labels}} {{len .Containers}}`;
  let output: string;
  try {
    output = (await checked(runner, await command(['network', 'inspect', name, '--format', format], false), signal)).stdout.trim();
  } catch (error) {
    if (error instanceof ToolError && /not found|no such network/i.test(error.stderr)) return 'absent';
    throw error;
  }
  const match = /^(\{.*\}|null) (\d+)$/.exec(output);
  const labels = match ? (JSON.parse(match[1]!) as Record<string, string> | null) : null;
  if (labels?.[NETWORK_LABEL] !== 'true') return 'not-mesh';
  if (Number(match?.[2]) > 0) return 'in-use';
  // inspect lists running containers only; a stopped cluster on the network could not start again without it.
  const ps = await checked(runner, await command(['ps', '--all', '--filter', `network=${name}`, '--format', '{{.Names}}'], false), signal);
  if (ps.stdout.trim() !== '') return 'in-use';
  await checked(runner, await command(['network', 'rm', name], true), signal);
  return 'removed';
}

async function checked(runner: Runner, command: Command, signal?: AbortSignal) {
  try {
    return await runChecked(runner, command, signal === undefined ? {} : { signal });
  } catch (error) {
    if (error instanceof ToolError) throw dockerDaemonFailure(error.stderr, error) ?? error;
    throw error;
  }
}

/**
 * The containers on a network with their IPv4 addresses, as `docker network
 * inspect` lists them (running ones only); empty when there is no such network.
 */
export async function networkMembers(
  runner: Runner,
  command: MakeCommand,
  name: string,
  signal?: AbortSignal,
): Promise<Array<{ name: string; address: string }>> {
  let output: string;
  try {
    output = (await checked(runner, await command(['network', 'inspect', name, '--format', '{{json .Containers}}'], false), signal)).stdout;
  } catch (error) {
    if (error instanceof ToolError && /not found|no such network/i.test(error.stderr)) return [];
    throw error;
  }
  const containers = JSON.parse(output.trim() || 'null') as Record<string, { Name?: string; IPv4Address?: string }> | null;
  return Object.values(containers ?? {})
    .filter((c) => c.Name && c.IPv4Address)
    .map((c) => ({ name: c.Name!, address: c.IPv4Address!.replace(/\/\d+$/, '') }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
