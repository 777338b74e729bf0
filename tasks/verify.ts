import type { ClusterModel } from '../lib/model/model.js';
import type { LifecycleDeps } from '../lib/lifecycle/deps.js';
import type { Task } from '../lib/pipeline/types.js';
import { taskKey } from './keys.js';
import { ChecksFailedError, verifyCluster, type CheckResult } from '../lib/verify/cluster-checks.js';

/**
 * `verify:<cluster>`: checks the mesh is healthy, each check reported pass
 * or fail. Needs the deploy when part of `mesh up`; alone it checks what is
 * there now. Fails when any check fails, after running them all.
 */
export function verifyTask(cluster: ClusterModel, deps: LifecycleDeps, options: { afterDeploy: boolean }): Task<CheckResult[]> {
  return {
    id: taskKey('verify', cluster.name).id,
    title: `verify ${cluster.name}`,
    needs: [taskKey(options.afterDeploy ? 'deploy' : 'render', cluster.name).id],
    async run(context, inputs) {
      if (context.dryRun) {
        context.report(
          'would check CRDs, istiod, the injector webhook, injection (a server-side dry run), the Istio pods, proxy sync and gateway addresses (read only), and each cross-cluster host from probe pods',
        );
        return [];
      }
      const rendered = inputs.of(taskKey('render', cluster.name)) ?? (await deps.render(cluster.name, context.runner, context.signal));
      const results = await verifyCluster({
        cluster: cluster.name,
        context: cluster.context,
        targets: deps.model.targets.filter((t) => cluster.targets.includes(t.name)),
        rendered,
        kubectl: deps.tools(context.runner).kubectl,
        signal: context.signal,
        timeoutSeconds: deps.timeoutSeconds,
      });
      for (const r of results) context.report(`${r.ok ? 'pass' : 'FAIL'} ${r.check}: ${r.detail}`);
      const failed = results.filter((r) => !r.ok);
      if (failed.length > 0) {
        throw new ChecksFailedError(
          `${failed.length} of ${results.length} checks failed on ${cluster.name}: ${failed.map((f) => `${f.check} (${f.detail})`).join('; ')}`,
          results,
        );
      }
      return results;
    },
  };
}
