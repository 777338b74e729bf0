import type { ExistingClusterModel } from '../lib/model/model.js';
import { MeshError } from '../lib/errors.js';
import { accessNeeded, showAccess } from '../lib/lifecycle/access-checks.js';
import type { LifecycleDeps } from '../lib/lifecycle/deps.js';
import type { TaskContext } from '../lib/pipeline/types.js';
import type { RenderedTargets } from './keys.js';

const AT_ONCE = 8;

/**
 * What `create` does for a cluster mesh did not make: nothing to it. It asks
 * the API server for its version, so a wrong context or an unreachable
 * server stops the run here, and asks it (`auth can-i`) for every permission
 * deploy will use; what is missing is listed at once, before anything is applied.
 */
export async function reachExisting(
  cluster: ExistingClusterModel,
  deps: LifecycleDeps,
  context: TaskContext,
  rendered: RenderedTargets | undefined,
): Promise<'existing'> {
  const { kubectl } = deps.tools(context.runner);
  const where = `${cluster.name} (context ${cluster.context}${cluster.kubeconfig ? ` in ${cluster.kubeconfig}` : ''})`;
  if (context.dryRun) {
    context.note(`${where} is an existing cluster: its API server and permissions would be checked`);
    return 'existing';
  }
  const version = await kubectl.serverVersion({ context: cluster.context }, context.signal);
  const targets = deps.model.targets.filter((t) => cluster.targets.includes(t.name));
  const needed = accessNeeded(targets, rendered);
  const answers: Array<{ access: (typeof needed)[number]; allowed: boolean; reason?: string }> = [];
  for (let i = 0; i < needed.length; i += AT_ONCE) {
    const batch = needed.slice(i, i + AT_ONCE);
    const got = await Promise.all(batch.map((access) => kubectl.canI({ context: cluster.context, ...access }, context.signal)));
    got.forEach((answer, j) => answers.push({ access: batch[j]!, ...answer }));
  }
  const refused = answers.filter((a) => !a.allowed);
  if (refused.length > 0) {
    const lines = refused.map((a) => `  ${showAccess(a.access)}${a.reason ? ` (${a.reason})` : ''}`);
    throw new MeshError(`${where} does not allow what deploy needs:\n${lines.join('\n')}`, {
      hint: 'ask the cluster admin for these (for example a ClusterRole bound to your user), or name a context that has them',
    });
  }
  context.note(`${where} answers (Kubernetes ${version}); all ${needed.length} permissions deploy needs are granted`);
  return 'existing';
}
