import type { ClusterModel } from '../lib/model/model.js';
import type { LifecycleDeps } from '../lib/lifecycle/deps.js';
import type { Task } from '../lib/pipeline/types.js';
import { taskKey, type NetworkResult, type TeardownResult } from './keys.js';

/**
 * `teardown:<cluster>`: deletes a cluster of the config. One already gone is
 * reported, not an error. Only clusters named in the config are ever touched.
 */
export function teardownTask(cluster: ClusterModel, deps: LifecycleDeps): Task<TeardownResult> {
  return {
    id: taskKey('teardown', cluster.name).id,
    title: `delete cluster ${cluster.name}`,
    needs: [],
    async run(context) {
      const { k3d } = deps.tools(context.runner);
      const exists = (await k3d.list(context.signal)).some((c) => c.name === cluster.name);
      if (!exists) {
        context.note(`${cluster.name} does not exist; nothing to delete`);
        return 'absent';
      }
      // k3d removes the cluster's context too, rewriting the kubeconfig: one delete at a time.
      await deps.kubeconfig.writing(() => k3d.delete(cluster.name, context.signal));
      context.note(`${cluster.name} and its kubeconfig context ${cluster.context} ${context.dryRun ? 'would be ' : 'were '}deleted`);
      return 'deleted';
    },
  };
}

/**
 * `network:<name>`: after every cluster on a shared network is gone, removes
 * the network if mesh created it. Runs last: the reverse of creating it first.
 */
const KEPT = {
  absent: 'is already gone',
  'not-mesh': 'stays: mesh did not create it',
  'in-use': 'stays: containers outside this run still use it',
} as const;

export function networkTeardownTask(network: string, clusters: readonly ClusterModel[], deps: LifecycleDeps): Task<NetworkResult> {
  return {
    id: taskKey('network', network).id,
    title: `remove network ${network}`,
    needs: clusters.map((c) => taskKey('teardown', c.name).id),
    async run(context) {
      const removed = await deps.tools(context.runner).docker.networkRemove(network, context.signal);
      context.note(
        removed === 'removed'
          ? `network ${network} ${context.dryRun ? 'would be ' : 'was '}removed`
          : `network ${network} ${KEPT[removed]}`,
      );
      return removed;
    },
  };
}
