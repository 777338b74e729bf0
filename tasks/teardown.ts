import type { ClusterModel, ExistingClusterModel } from '../lib/model/model.js';
import type { TaskContext } from '../lib/pipeline/types.js';
import { PruneSession } from '../lib/deploy/prune.js';
import type { LifecycleDeps } from '../lib/lifecycle/deps.js';
import type { Task } from '../lib/pipeline/types.js';
import { taskKey, type NetworkResult, type TeardownResult } from './keys.js';

/**
 * `teardown:<cluster>`: deletes a cluster of the config. One already gone is
 * reported, not an error. Only clusters named in the config are ever touched;
 * an existing cluster never: from it, what mesh applied is removed.
 */
export function teardownTask(cluster: ClusterModel, deps: LifecycleDeps): Task<TeardownResult> {
  return {
    id: taskKey('teardown', cluster.name).id,
    title: cluster.kind === 'existing' ? `remove what mesh applied to ${cluster.name}` : `delete cluster ${cluster.name}`,
    needs: [],
    async run(context) {
      if (cluster.kind === 'existing') return removeApplied(cluster, deps, context);
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

/** The objects of every target's inventory, in reverse apply order, then the inventories: nothing mesh did not apply. */
async function removeApplied(cluster: ExistingClusterModel, deps: LifecycleDeps, context: TaskContext): Promise<TeardownResult> {
  const { kubectl } = deps.tools(context.runner);
  const options = { pruneCrds: deps.pruneCrds, dryRun: context.dryRun, report: (line: string) => context.note(line) };
  const session = new PruneSession(kubectl, cluster.context, options, context.signal);
  const targets = context.dryRun ? 0 : await session.removeAll(cluster.targets);
  await session.finish();
  context.note(
    context.dryRun
      ? `${cluster.name} is an existing cluster: what mesh applied would be removed (it reads the cluster's inventory to know what)`
      : `${cluster.name} is an existing cluster and stays; what mesh applied for ${targets} target${targets === 1 ? '' : 's'} was removed`,
  );
  return 'removed-objects';
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
