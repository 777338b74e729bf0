import type { ClusterModel } from '../lib/model/model.js';
import type { LifecycleDeps } from '../lib/lifecycle/deps.js';
import type { Task } from '../lib/pipeline/types.js';
import { taskKey } from './keys.js';
import { MeshError } from '../lib/errors.js';
import type { Runner } from '../lib/process/runner.js';
import type { Tools } from '../lib/lifecycle/deps.js';
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
      if (!options.afterDeploy) await requireRunning(cluster, deps, context.runner, context.signal);
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
      for (const r of results) {
        if (r.ok) context.report(`pass ${r.check}: ${r.detail}`);
        else context.note(`FAIL ${r.check}: ${r.detail}`);
      }
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

// `mesh verify` alone may meet a cluster that is not there: say that, rather than what kubectl makes of its missing context.
async function requireRunning(cluster: ClusterModel, deps: LifecycleDeps, runner: Runner, signal: AbortSignal): Promise<void> {
  let found: Awaited<ReturnType<Tools['k3d']['list']>>[number] | undefined;
  try {
    found = (await deps.tools(runner).k3d.list(signal)).find((c) => c.name === cluster.name);
  } catch {
    // Without k3d (or docker) to ask, the checks themselves say what they can.
    return;
  }
  if (!found) {
    throw new MeshError(`cluster ${cluster.name} does not exist, so there is nothing to verify`, {
      hint: `create it and deploy to it with mesh up --cluster ${cluster.name}`,
    });
  }
  if (found.serversRunning === 0) {
    throw new MeshError(`cluster ${cluster.name} is stopped`, { hint: `start it with mesh up --cluster ${cluster.name}` });
  }
}
