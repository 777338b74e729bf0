import type { ClusterModel } from '../lib/model/model.js';
import type { KubectlAdapter } from '../lib/tools/kubectl/types.js';
import { diagnose } from '../lib/deploy/diagnose.js';
import { planDeploy, type DeployStep } from '../lib/deploy/phases.js';
import { waitForEndpoints } from '../lib/deploy/endpoints.js';
import { runRemoteEndpoints } from '../lib/deploy/run-remote.js';
import { waitForJob } from '../lib/deploy/job-wait.js';
import { waitForReady } from '../lib/deploy/ready-wait.js';
import { PruneSession } from '../lib/deploy/prune.js';
import { MeshError, NotReadyError } from '../lib/errors.js';
import type { LifecycleDeps } from '../lib/lifecycle/deps.js';
import type { Task, TaskContext } from '../lib/pipeline/types.js';
import { taskKey } from './keys.js';
import { links } from '../lib/model/shared-network.js';
import { plural } from '../lib/text/plural.js';

/**
 * `deploy:<cluster>`: server-side applies the cluster's manifests in the
 * phases Istio needs and waits after each for what it brought. Re-running it
 * changes nothing already in place. A wait that runs out says what is not
 * ready and why.
 */
export function deployTask(cluster: ClusterModel, deps: LifecycleDeps, created: readonly string[] = []): Task<DeployStep[]> {
  // A cluster that reaches another's service needs that cluster to exist; its service's readiness is waited for in the step.
  const reached = [
    ...new Set(
      links(deps.model.clusters, deps.model.targets)
        .filter(([from]) => from === cluster.name)
        .map(([, to]) => to),
    ),
  ];
  return {
    id: taskKey('deploy', cluster.name).id,
    title: `deploy to ${cluster.name}${reached.length > 0 ? ` (reaches ${reached.join(', ')})` : ''}`,
    needs: [
      taskKey('create', cluster.name).id,
      taskKey('render', cluster.name).id,
      ...reached.filter((c) => created.includes(c)).map((c) => taskKey('create', c).id),
    ],
    async run(context, inputs) {
      const rendered = inputs.of(taskKey('render', cluster.name))!;
      const targets = deps.model.targets.filter((t) => cluster.targets.includes(t.name));
      const steps = planDeploy(targets, rendered);
      const { kubectl } = deps.tools(context.runner);
      const options = { pruneCrds: deps.pruneCrds, dryRun: context.dryRun, report: (line: string) => context.note(line) };
      // A dry run cannot read the cluster, so it cannot know what would go: it prunes nothing.
      const prune = context.dryRun ? undefined : new PruneSession(kubectl, cluster.context, options, context.signal);
      try {
        for (const step of steps) {
          context.signal.throwIfAborted();
          await runStep(step, cluster.context, kubectl, deps, context, prune);
        }
      } catch (error) {
        // What the targets before the failure applied is recorded all the same; the failure is what is reported.
        if (!context.signal.aborted) await prune?.finish().catch(() => undefined);
        throw error;
      }
      await prune?.finish();
      return steps;
    },
  };
}

async function runStep(
  step: DeployStep,
  kubeContext: string,
  kubectl: KubectlAdapter,
  deps: LifecycleDeps,
  task: TaskContext,
  prune: PruneSession | undefined,
): Promise<void> {
  const { signal } = task;
  const timeout = deps.timeoutSeconds;
  const would = task.dryRun ? 'would be ' : '';
  switch (step.kind) {
    case 'apply':
      task.report(
        `${step.target}: ${plural(step.objects.length, 'object')} ${would || 'being '}applied${step.namespace ? ` in ${step.namespace}` : ''}`,
      );
      await kubectl.apply(
        { context: kubeContext, manifest: step.manifest, ...(step.namespace ? { namespace: step.namespace } : {}) },
        signal,
      );
      return;
    case 'wait-crds':
      task.report(`${task.dryRun ? 'would wait' : 'waiting'} for ${plural(step.crds.length, 'CRD')} of ${step.target} to be Established`);
      await explained(
        () => kubectl.waitEstablished({ context: kubeContext, crds: step.crds, timeoutSeconds: timeout }, signal),
        `CRDs of ${step.target} not Established after ${timeout}s`,
        async () => [`still waiting on ${step.crds.join(', ')}`],
      );
      return;
    case 'rollout':
      task.report(`${task.dryRun ? 'would wait' : 'waiting'} for ${step.resource}/${step.name} in ${step.namespace} to roll out`);
      await explained(
        () =>
          kubectl.rolloutStatus(
            { context: kubeContext, namespace: step.namespace, kind: step.resource, name: step.name, timeoutSeconds: timeout },
            signal,
          ),
        `${step.resource}/${step.name} in ${step.namespace} (target ${step.target}) did not roll out within ${timeout}s`,
        () => diagnose(kubectl, kubeContext, step.namespace, signal),
      );
      return;
    case 'wait-ready':
      if (task.dryRun)
        return task.report(`would wait for the pods of ${step.resource}/${step.name} in ${step.namespace} to be ready (OnDelete)`);
      task.report(`waiting for the pods of ${step.resource}/${step.name} in ${step.namespace} to be ready`);
      await explained(
        () => waitForReady(kubectl, kubeContext, step.namespace, step.resource, step.name, timeout, signal),
        `${step.resource}/${step.name} in ${step.namespace} (target ${step.target}) has not all its pods ready within ${timeout}s`,
        () => diagnose(kubectl, kubeContext, step.namespace, signal),
      );
      return;
    case 'prune':
      return prune?.pruneTarget(step.target, step.objects);
    case 'prune-gone':
      return prune?.pruneGone(step.targets);
    case 'endpoints':
      if (task.dryRun)
        return task.report(`would wait for service ${step.namespace}/${step.service} to have ready endpoints (kubectl get endpointslices)`);
      task.report(`waiting for service ${step.namespace}/${step.service} to have endpoints`);
      await explained(
        () => waitForEndpoints(kubectl, kubeContext, step.namespace, step.service, timeout, signal),
        `service ${step.namespace}/${step.service} (the webhook of ${step.target}) has no ready endpoints after ${timeout}s`,
        () => diagnose(kubectl, kubeContext, step.namespace, signal),
      );
      return;
    case 'remote-endpoints':
      return runRemoteEndpoints(step, kubeContext, { model: deps.model, tools: deps.tools(task.runner), timeoutSeconds: timeout }, task);
    case 'delete':
      task.note(`${step.target}: ${step.resource}/${step.name} ${would || 'is '}deleted first, to be created anew (a Helm hook)`);
      await kubectl.delete(
        { context: kubeContext, ...(step.namespace ? { namespace: step.namespace } : {}), kind: step.resource, name: step.name },
        signal,
      );
      return;
    case 'wait-job':
      if (task.dryRun) return task.report(`would wait for job ${step.namespace}/${step.name} (a hook of ${step.target}) to complete`);
      task.report(`waiting for job ${step.namespace}/${step.name} (a hook of ${step.target}) to complete`);
      await explained(
        () => waitForJob(kubectl, kubeContext, step.namespace, step.name, timeout, signal),
        `job ${step.namespace}/${step.name} (a hook of ${step.target}) did not complete within ${timeout}s`,
        () => diagnose(kubectl, kubeContext, step.namespace, signal),
      );
  }
}

async function explained(wait: () => Promise<void>, what: string, details: () => Promise<string[]>): Promise<void> {
  try {
    await wait();
  } catch (error) {
    // Only a wait that ran out gets what the cluster shows; a kubectl that failed says why itself.
    if (!(error instanceof NotReadyError)) throw error;
    const [first, ...rest] = await details();
    // The first line stands alone in progress output, so it carries the first reason.
    throw new MeshError(`${what}: ${first}${rest.map((l) => `\n  ${l}`).join('')}`, {
      hint: 'fix what is named above; a slow machine or network may need a longer --timeout',
      cause: error,
    });
  }
}
