import type { ClusterModel } from '../config/model.js';
import type { KubectlAdapter } from '../lib/adapters.js';
import { diagnose } from '../lib/deploy/diagnose.js';
import { planDeploy, type DeployStep } from '../lib/deploy/plan.js';
import { waitForEndpoints } from '../lib/deploy/endpoints.js';
import { MeshError } from '../lib/errors.js';
import type { LifecycleDeps } from '../lib/lifecycle/deps.js';
import type { Task, TaskContext } from '../lib/pipeline/types.js';

/**
 * `deploy:<cluster>`: server-side applies the cluster's manifests in the
 * phases Istio needs and waits after each for what it brought. Re-running it
 * changes nothing already in place. A wait that runs out says what is not
 * ready and why.
 */
export function deployTask(cluster: ClusterModel, deps: LifecycleDeps): Task<DeployStep[]> {
  return {
    id: `deploy:${cluster.name}`,
    title: `deploy to ${cluster.name}`,
    needs: [`create:${cluster.name}`, `render:${cluster.name}`],
    async run(context, inputs) {
      const rendered = inputs.get(`render:${cluster.name}`) as Map<string, string>;
      const targets = deps.model.targets.filter((t) => cluster.targets.includes(t.name));
      const steps = planDeploy(targets, rendered);
      const { kubectl } = deps.tools(context.runner);
      for (const step of steps) {
        context.signal.throwIfAborted();
        await runStep(step, cluster.context, kubectl, deps.timeoutSeconds, context);
      }
      return steps;
    },
  };
}

async function runStep(step: DeployStep, ctx: string, kubectl: KubectlAdapter, timeout: number, context: TaskContext): Promise<void> {
  const { signal } = context;
  switch (step.kind) {
    case 'apply':
      context.report(`applying ${step.target} (${step.objects.length} objects)`);
      await kubectl.apply({ context: ctx, manifest: step.manifest, ...(step.namespace ? { namespace: step.namespace } : {}) }, signal);
      return;
    case 'wait-crds':
      context.report(`waiting for ${step.crds.length} CRDs of ${step.target} to be Established`);
      await explained(() => kubectl.waitEstablished({ context: ctx, crds: step.crds, timeoutSeconds: timeout }, signal), `CRDs of ${step.target} not Established after ${timeout}s`, async () => step.crds.map((c) => `crd/${c}`));
      return;
    case 'rollout':
      context.report(`waiting for ${step.resource}/${step.name} in ${step.namespace} to roll out`);
      await explained(
        () => kubectl.rolloutStatus({ context: ctx, namespace: step.namespace, kind: step.resource, name: step.name, timeoutSeconds: timeout }, signal),
        `${step.resource}/${step.name} in ${step.namespace} (target ${step.target}) did not roll out within ${timeout}s`,
        () => diagnose(kubectl, ctx, step.namespace, signal),
      );
      return;
    case 'endpoints':
      if (context.dryRun) return;
      context.report(`waiting for service ${step.namespace}/${step.service} to have endpoints`);
      await explained(
        () => waitForEndpoints(kubectl, ctx, step.namespace, step.service, timeout, signal),
        `service ${step.namespace}/${step.service} (the webhook of ${step.target}) has no ready endpoints after ${timeout}s`,
        () => diagnose(kubectl, ctx, step.namespace, signal),
      );
  }
}

async function explained(wait: () => Promise<void>, what: string, details: () => Promise<string[]>): Promise<void> {
  try {
    await wait();
  } catch (error) {
    if (!(error instanceof MeshError)) throw error;
    const lines = await details();
    throw new MeshError(`${what}:\n${lines.map((l) => `  ${l}`).join('\n')}`, {
      hint: 'fix what is named above; a slow machine or network may need a longer --timeout',
      cause: error,
    });
  }
}
