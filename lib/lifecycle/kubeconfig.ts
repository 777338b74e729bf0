import type { ClusterModel } from '../model/model.js';
import type { Tools } from '../tools/bundle.js';

/**
 * One writer of the kubeconfig at a time. k3d writes it by load, merge,
 * write a temporary file and rename, with no lock, and only warns when that
 * fails: clusters created in parallel can each drop the other's context. So
 * mesh creates its clusters without letting k3d touch the kubeconfig and
 * writes each context itself, one after another.
 */
export class KubeconfigWriter {
  #last: Promise<unknown> = Promise.resolve();

  /**
   * Makes sure the cluster's context is in the kubeconfig: written after a
   * create (k3d was told not to), repaired when it went missing.
   */
  ensureContext(cluster: ClusterModel, tools: Tools, signal: AbortSignal, created: boolean): Promise<'present' | 'written'> {
    const next = this.#last.then(async () => {
      if (!created && (await tools.kubectl.contexts(signal)).includes(cluster.context)) return 'present' as const;
      const switchContext = cluster.config.options?.kubeconfig?.switchCurrentContext === true;
      await tools.k3d.mergeKubeconfig(cluster.name, switchContext, signal);
      return 'written' as const;
    });
    this.#last = next.catch(() => undefined);
    return next;
  }
}

/** Whether the user's config lets k3d keep its kubeconfig up to date (k3d's default); mesh then does it for k3d. */
export function updatesKubeconfig(cluster: ClusterModel): boolean {
  return cluster.config.options?.kubeconfig?.updateDefaultKubeconfig !== false;
}
