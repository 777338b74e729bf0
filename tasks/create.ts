import type { ClusterModel, K3dClusterModel } from '../lib/model/model.js';
import { reachExisting } from './reach.js';
import type { DockerAdapter } from '../lib/tools/docker/types.js';
import type { Task } from '../lib/pipeline/types.js';
import { taskKey, type CreateResult } from './keys.js';
import type { LifecycleDeps } from '../lib/lifecycle/deps.js';
import { clusterDifferences, isRunning } from '../lib/lifecycle/cluster-differences.js';
import { k3dConfigYaml } from '../lib/lifecycle/k3d-config.js';
import { updatesKubeconfig } from '../lib/lifecycle/kubeconfig.js';
import type { Tools } from '../lib/lifecycle/deps.js';
import type { TaskContext } from '../lib/pipeline/types.js';

/**
 * `create:<cluster>`: makes the k3d cluster exist and run. Idempotent: a
 * running cluster is left alone, a stopped one is started, one whose config
 * differs is reported and left alone unless --recreate. The kubeconfig gains
 * the cluster's context, written by mesh one cluster at a time (see
 * lib/lifecycle/kubeconfig.ts) and repaired when it went missing; the
 * current context is switched only where the config asks k3d to.
 */
export function createTask(cluster: ClusterModel, deps: LifecycleDeps): Task<CreateResult> {
  return {
    id: taskKey('create', cluster.name).id,
    title: `create cluster ${cluster.name}`,
    needs: [],
    async run(context, inputs) {
      if (cluster.kind === 'existing') return reachExisting(cluster, deps, context, inputs.of(taskKey('render', cluster.name)));
      const tools = deps.tools(context.runner);
      const result = await bringUp(cluster, deps, context, tools);
      if (updatesKubeconfig(cluster) && !context.dryRun) {
        const created = result === 'created' || result === 'recreated';
        const written = (await deps.kubeconfig.ensureContext(cluster, tools, context.signal, created)) === 'written';
        if (written && (result === 'running' || result === 'differs')) {
          context.note(`${cluster.name}: its context ${cluster.context} was missing from the kubeconfig and is written again`);
        }
      }
      return result;
    },
  };
}

async function bringUp(cluster: K3dClusterModel, deps: LifecycleDeps, context: TaskContext, { k3d, docker }: Tools): Promise<CreateResult> {
  if (cluster.config.network) await ensureNetwork(cluster.config.network, deps, docker, context.signal);
  const existing = (await k3d.list(context.signal)).find((c) => c.name === cluster.name);
  const yaml = await k3dConfigYaml(cluster);
  const would = context.dryRun ? 'would be ' : '';
  if (!existing) {
    await k3d.create(yaml, context.signal);
    context.note(`${cluster.name} ${would || 'was '}created (context ${cluster.context})`);
    return 'created';
  }
  // k3d lists image IDs; the server container says which image it was created from.
  const serverImage = existing.serverNode ? await docker.containerImage(existing.serverNode, context.signal) : undefined;
  const differences = clusterDifferences(cluster.config, existing, serverImage);
  if (differences.length > 0) {
    if (!deps.recreate) {
      context.note(
        `${cluster.name} exists but differs from the config (${differences.join('; ')}); left alone, use --recreate to replace it`,
      );
      return 'differs';
    }
    await k3d.delete(cluster.name, context.signal);
    await k3d.create(yaml, context.signal);
    context.note(`${cluster.name} ${would || 'was '}deleted and created again (context ${cluster.context}): ${differences.join('; ')}`);
    return 'recreated';
  }
  if (!isRunning(existing)) {
    await k3d.start(cluster.name, context.signal);
    context.note(`${cluster.name} was stopped and ${would || 'is '}started (context ${cluster.context})`);
    return 'started';
  }
  context.note(`${cluster.name} is already running (context ${cluster.context})`);
  return 'running';
}

// Clusters on one network come up at once; k3d would race to create it.
function ensureNetwork(name: string, deps: LifecycleDeps, docker: DockerAdapter, signal: AbortSignal): Promise<void> {
  let pending = deps.networks.get(name);
  if (!pending) {
    pending = (async () => {
      if (!(await docker.networkExists(name, signal))) await docker.networkCreate(name, signal);
    })();
    deps.networks.set(name, pending);
  }
  return pending;
}
