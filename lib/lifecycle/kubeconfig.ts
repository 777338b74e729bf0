import { chmodSync, realpathSync, statSync } from 'node:fs';
import { kubeconfigPath } from '../paths.js';
import type { ClusterModel, K3dClusterModel } from '../model/model.js';
import type { Env } from '../process/find-binary.js';
import type { Tools } from '../tools/bundle.js';

/**
 * One writer of the kubeconfig at a time. k3d rewrites it by load, change,
 * write a temporary file and rename, with no lock, and only warns when that
 * fails: clusters created or deleted in parallel can each undo the other's
 * change. So mesh creates clusters without letting k3d touch the kubeconfig,
 * writes each context itself, and deletes clusters, one after another. k3d's
 * file is always mode 0600; the user's file keeps the mode it had.
 */
export class KubeconfigWriter {
  #last: Promise<unknown> = Promise.resolve();

  constructor(private readonly env: Env = process.env) {}

  /** Runs `change` (a k3d call that rewrites the kubeconfig) after every earlier one has finished. */
  writing<T>(change: () => Promise<T>): Promise<T> {
    const next = this.#last.then(async () => {
      const file = kubeconfigFile(this.env);
      const mode = modeOf(file);
      try {
        return await change();
      } finally {
        const now = modeOf(file);
        if (mode !== undefined && now !== undefined && now !== mode) chmodSync(file, mode);
      }
    });
    this.#last = next.catch(() => undefined);
    return next;
  }

  /**
   * Makes sure the cluster's context is in the kubeconfig: written after a
   * create (k3d was told not to), repaired when it went missing.
   */
  ensureContext(cluster: K3dClusterModel, tools: Tools, signal: AbortSignal, created: boolean): Promise<'present' | 'written'> {
    return this.writing(async () => {
      if (!created && (await tools.kubectl.contexts(signal)).includes(cluster.context)) return 'present' as const;
      const switchContext = cluster.config.options?.kubeconfig?.switchCurrentContext === true;
      await tools.k3d.mergeKubeconfig(cluster.name, switchContext, signal);
      return 'written' as const;
    });
  }
}

/** Whether the user's config lets k3d keep its kubeconfig up to date (k3d's default); mesh then does it for k3d. */
export function updatesKubeconfig(cluster: ClusterModel): boolean {
  return cluster.kind === 'k3d' && cluster.config.options?.kubeconfig?.updateDefaultKubeconfig !== false;
}

/** The file k3d updates (doctor refuses a KUBECONFIG of several), through a symlink to its target. */
function kubeconfigFile(env: Env): string {
  const file = kubeconfigPath(env);
  try {
    return realpathSync(file);
  } catch {
    return file;
  }
}

function modeOf(file: string): number | undefined {
  const stat = statSync(file, { throwIfNoEntry: false });
  return stat === undefined ? undefined : stat.mode & 0o7777;
}
