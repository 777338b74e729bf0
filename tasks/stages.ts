import { taskKey } from './keys.js';
import type { ClusterModel, Model } from '../lib/model/model.js';
import { didYouMean } from '../lib/text/suggest.js';
import { ConfigError } from '../lib/errors.js';
import type { Task } from '../lib/pipeline/types.js';
import { checksTask } from './checks.js';
import { createTask } from './create.js';
import { deployTask } from './deploy.js';
import { renderTask } from './render.js';
import { preloadTask } from './preload.js';
import { registryTask } from './registry.js';
import { networkTeardownTask, teardownTask } from './teardown.js';
import { verifyTask } from './verify.js';
import type { LifecycleDeps } from '../lib/lifecycle/deps.js';

export type Stage = 'up' | 'create' | 'deploy' | 'verify' | 'down' | 'teardown';

/**
 * The tasks of a lifecycle command, per cluster. A stage brings along what
 * it needs: deploy creates (a no-op for a running cluster) and renders first.
 */
export function stageTasks(
  stage: Stage,
  clusters: readonly ClusterModel[],
  deps: LifecycleDeps,
  options: { checks?: boolean; preload?: boolean } = {},
): Task[] {
  const per = (make: (c: ClusterModel) => Task[]) => clusters.flatMap(make);
  // The shared registry comes before any k3d cluster that pulls through it.
  const registry = deps.model.registry && clusters.some((c) => c.kind === 'k3d') ? deps.model.registry : undefined;
  const withRegistry = (c: ClusterModel, task: Task): Task =>
    registry && c.kind === 'k3d' ? { ...task, needs: [...task.needs, taskKey('registry').id] } : task;
  const registryTasks = (needs: string[]) => (registry ? [registryTask(registry, deps, needs)] : []);
  const names = clusters.map((c) => c.name);
  switch (stage) {
    case 'up': {
      const checked = options.checks ?? true;
      // A cluster is only made for manifests that rendered: a config error should cost no cluster.
      const create = (c: ClusterModel) =>
        withRegistry(c, {
          ...createTask(c, deps),
          needs: [...(checked ? [taskKey('checks').id] : []), taskKey('render', c.name).id],
        });
      // With --preload, deploy waits for the cluster's images to be in its nodes.
      const deploy = (c: ClusterModel) => {
        const task = deployTask(c, deps, names);
        return options.preload ? { ...task, needs: [...task.needs, taskKey('preload', c.name).id] } : task;
      };
      const preload = (c: ClusterModel) => (options.preload ? [preloadTask(c, deps)] : []);
      const tasks = per((c) => [create(c), renderTask(c, deps), ...preload(c), deploy(c), verifyTask(c, deps, { afterDeploy: true })]);
      const cache = registryTasks(checked ? [taskKey('checks').id] : []);
      return checked ? [checksTask(clusters, deps), ...cache, ...tasks] : [...cache, ...tasks];
    }
    case 'create':
      return [...registryTasks([]), ...per((c) => [withRegistry(c, createTask(c, deps))])];
    case 'deploy':
      return [
        ...registryTasks([]),
        ...per((c) => [
          withRegistry(c, { ...createTask(c, deps), needs: [taskKey('render', c.name).id] }),
          renderTask(c, deps),
          deployTask(c, deps, names),
        ]),
      ];
    case 'verify':
      return per((c) => [renderTask(c, deps), verifyTask(c, deps, { afterDeploy: false })]);
    case 'down':
    case 'teardown': {
      const network = (c: ClusterModel) => (c.kind === 'k3d' ? c.config.network : undefined);
      const networks = [...new Set(clusters.map(network).filter((n): n is string => !!n))];
      return [
        ...per((c) => [teardownTask(c, deps)]),
        ...networks.map((n) =>
          networkTeardownTask(
            n,
            clusters.filter((c) => network(c) === n),
            deps,
          ),
        ),
      ];
    }
  }
}

/** The clusters `--cluster` names (all when none), refusing names the config does not have. */
export function selectClusters(model: Model, names: readonly string[]): ClusterModel[] {
  if (model.clusters.length === 0) {
    throw new ConfigError(`${model.file} defines no clusters`, {
      hint: 'add one under `clusters`, e.g. clusters: { dev: mkClusterConfig() }',
    });
  }
  const known = model.clusters.map((c) => c.name);
  const unknown = names.filter((n) => !known.includes(n));
  if (unknown.length > 0) {
    throw new ConfigError(unknown.map((n) => `--cluster ${n}: no such cluster in the config${didYouMean(n, known)}`).join('\n'), {
      hint: `the config's clusters: ${known.join(', ')}`,
    });
  }
  return names.length === 0 ? [...model.clusters] : model.clusters.filter((c) => names.includes(c.name));
}
