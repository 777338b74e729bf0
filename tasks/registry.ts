import type { RegistryModel } from '../lib/model/registry.js';
import type { LifecycleDeps } from '../lib/lifecycle/deps.js';
import type { Task } from '../lib/pipeline/types.js';
import { taskKey } from './keys.js';

/**
 * `registry`: the config's shared registry, a pull-through cache every k3d
 * cluster pulls through, made before any of them (k3d refuses a cluster whose
 * `registries.use` names a registry that does not exist). One already there is
 * used as it is; `mesh down` leaves it, so the next clusters find their images.
 */
export function registryTask(registry: RegistryModel, deps: LifecycleDeps, needs: readonly string[]): Task<'created' | 'running'> {
  return {
    id: taskKey('registry').id,
    title: `start registry ${registry.host} (a pull-through cache of ${registry.mirrors})`,
    needs: [...needs],
    async run(context) {
      const { k3d } = deps.tools(context.runner);
      if ((await k3d.registries(context.signal)).includes(registry.host)) {
        context.note(`registry ${registry.host} is already there (localhost:${registry.hostPort})`);
        return 'running';
      }
      await k3d.createRegistry(registry, context.signal);
      context.note(
        `registry ${registry.host} ${context.dryRun ? 'would be ' : 'was '}created on localhost:${registry.hostPort}, caching ${registry.proxy}`,
      );
      return 'created';
    },
  };
}
