import type { ClusterModel } from '../lib/model/model.js';
import type { LifecycleDeps } from '../lib/lifecycle/deps.js';
import type { Task } from '../lib/pipeline/types.js';
import { taskKey, type RenderedTargets } from './keys.js';
import { plural } from '../lib/text/plural.js';

/**
 * `render:<cluster>`: the manifests one cluster gets, in apply order,
 * validated. Needs nothing, so it runs while the cluster is being created;
 * a warm cache makes it start no helm at all.
 */
export function renderTask(cluster: ClusterModel, deps: LifecycleDeps): Task<RenderedTargets> {
  return {
    id: taskKey('render', cluster.name).id,
    title: `render ${cluster.name}: ${cluster.targets.join(', ') || 'nothing'}`,
    needs: [],
    async run(context) {
      const rendered = await deps.render(cluster.name, context.runner, context.signal);
      context.report(`rendered ${plural(rendered.size, 'target')} for ${cluster.name}`);
      return rendered;
    },
  };
}
