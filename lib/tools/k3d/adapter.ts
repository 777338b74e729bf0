import { parse } from 'yaml';
import type { K3dAdapter, K3dCluster } from './types.js';
import { dockerEnv } from '../docker/daemon.js';
import { MeshError, ToolError } from '../../errors.js';
import { checkK3dVersion, k3dFailure } from './errors.js';
import { dollarEnv, protectDollars } from './dollars.js';
import { parseClusterList } from './list.js';
import { formatCommand } from '../../process/mask.js';
import { runChecked, type Command, type Runner } from '../../process/runner.js';
import { requireTool, type Env } from '../../process/find-binary.js';
import { retryingRunner } from '../../process/retry.js';
import { isK3dTransient } from './transient.js';

interface Call {
  args: string[];
  mutates: boolean;
  input?: string;
  /** Variables the call needs beyond docker's. */
  env?: Record<string, string>;
  /** The cluster the call is about, for error messages. */
  cluster?: string;
}

/**
 * `versions` lets the adapters of one run share the version check and the
 * cluster listing: every task gets its own adapter (its own runner), but it
 * is the same k3d and the same clusters.
 */
export function k3dAdapter(deps: {
  runner: Runner;
  env: Env;
  versions?: { k3d?: Promise<string>; list?: Promise<K3dCluster[]> };
  retryDelaysMs?: readonly number[];
}): K3dAdapter {
  let resolved: string | undefined;
  const runner = retryingRunner(deps.runner, isK3dTransient, deps.retryDelaysMs);
  const shared = deps.versions ?? {};

  const ensureInstalled = async (): Promise<string> => {
    resolved ??= locate(deps.env);
    return resolved;
  };

  const command = async (call: Call): Promise<Command> => {
    const env = call.env || dockerEnv(deps.env) ? { ...dockerEnv(deps.env), ...call.env } : undefined;
    return {
      tool: 'k3d',
      bin: await ensureInstalled(),
      args: call.args,
      mutates: call.mutates,
      ...(call.input === undefined ? {} : { input: call.input }),
      ...(env === undefined ? {} : { env }),
    };
  };

  const k3d = async (call: Call, signal: AbortSignal | undefined): Promise<{ stdout: string; display: string }> => {
    const cmd = await command(call);
    try {
      const { stdout } = await runChecked(runner, cmd, signal === undefined ? {} : { signal });
      return { stdout, display: formatCommand(cmd) };
    } catch (error) {
      throw error instanceof ToolError ? k3dFailure(error, call.cluster) : error;
    }
  };

  const version = (signal?: AbortSignal): Promise<string> => {
    // Remembered once it succeeds; a failure (k3d missing or too old) is asked again next time.
    if (shared.k3d === undefined) {
      const attempt = (async () =>
        checkK3dVersion((await k3d({ args: ['version'], mutates: false }, signal)).stdout, await ensureInstalled()))();
      shared.k3d = attempt;
      attempt.catch(() => {
        if (shared.k3d === attempt) shared.k3d = undefined;
      });
    }
    return shared.k3d;
  };

  return {
    ensureInstalled,
    version,

    list(signal) {
      // One listing serves every task of a run until something changes the clusters.
      const listing = (shared.list ??= (async () => {
        const { stdout, display } = await k3d({ args: ['cluster', 'list', '-o', 'json'], mutates: false }, signal);
        const clusters = parseClusterList(stdout);
        if (Array.isArray(clusters)) return clusters;
        // The output is not quoted back: k3d lists each node's labels, and those carry the cluster token.
        throw new MeshError(`could not read the output of \`${display}\`: ${clusters.invalid}`, {
          hint: 'check that MESH_K3D or the k3d on PATH is k3d 5.5.0 or newer, and that LOG_LEVEL does not add log lines to its output',
        });
      })());
      listing.catch(() => {
        if (shared.list === listing) shared.list = undefined;
      });
      return listing;
    },

    async create(configYaml, signal) {
      shared.list = undefined;
      // A k3d older than 5.5.0 would reject the config on stdin with a message that does not say why.
      await version(signal);
      const cluster = clusterName(configYaml);
      const env = dollarEnv(configYaml);
      const call: Call = { args: ['cluster', 'create', '--config', '-'], mutates: true, input: protectDollars(configYaml) };
      await k3d({ ...call, ...(env ? { env } : {}), ...(cluster === undefined ? {} : { cluster }) }, signal);
    },

    async start(name, signal) {
      shared.list = undefined;
      await k3d({ args: ['cluster', 'start', name], mutates: true, cluster: name }, signal);
    },

    async mergeKubeconfig(name, switchContext, signal) {
      const args = ['kubeconfig', 'merge', name, '--kubeconfig-merge-default', `--kubeconfig-switch-context=${switchContext}`];
      await k3d({ args, mutates: true, cluster: name }, signal);
    },

    async registries(signal) {
      const { stdout, display } = await k3d({ args: ['registry', 'list', '-o', 'json'], mutates: false }, signal);
      let nodes: unknown;
      try {
        nodes = JSON.parse(stdout.trim() || '[]');
      } catch {
        nodes = undefined;
      }
      if (!Array.isArray(nodes)) {
        throw new MeshError(`could not read the output of \`${display}\``, {
          hint: 'check that MESH_K3D or the k3d on PATH is k3d 5.5.0 or newer',
        });
      }
      return nodes.map((n) => (n as { name?: unknown }).name).filter((n): n is string => typeof n === 'string');
    },

    async createRegistry({ name, hostPort, proxy }, signal) {
      const args = ['registry', 'create', name, '--port', String(hostPort), '--proxy-remote-url', proxy, '--no-help'];
      await k3d({ args, mutates: true }, signal);
    },

    async importImages(name, images, signal) {
      await k3d({ args: ['image', 'import', ...images, '--cluster', name], mutates: true, cluster: name }, signal);
    },

    async delete(name, signal) {
      shared.list = undefined;
      // k3d logs "No clusters found" and exits 0 for a cluster it does not have.
      await k3d({ args: ['cluster', 'delete', name], mutates: true, cluster: name }, signal);
    },
  };
}

function locate(env: Env): string {
  return requireTool('k3d', env, {
    why: 'mesh creates its clusters with it',
    hint: 'install k3d 5.5.0 or newer (https://k3d.io/#installation), or set MESH_K3D',
  });
}

/** `metadata.name` of a k3d Simple config, for messages; undefined when the YAML does not say. */
function clusterName(configYaml: string): string | undefined {
  try {
    const config = parse(configYaml) as { metadata?: { name?: unknown } } | null;
    const name = config?.metadata?.name;
    return typeof name === 'string' && name !== '' ? name : undefined;
  } catch {
    return undefined;
  }
}
