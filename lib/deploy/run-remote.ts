import { documentStream } from '../render/documents.js';
import { managedByMesh } from './managed-by.js';
import type { Doc } from './steps.js';
import { MeshError } from '../errors.js';
import type { Model } from '../model/model.js';
import { showRef } from '../modules/remote-ref.js';
import type { TaskContext } from '../pipeline/types.js';
import type { Tools } from '../tools/bundle.js';
import { filledEntry } from './fill-entry.js';
import { formatViolations, validateObjects } from '../render/validate/objects.js';
import { resolveRemote } from './remote-endpoints.js';
import type { DeployStep } from './steps.js';

type RemoteStep = Extract<DeployStep, { kind: 'remote-endpoints' }>;

/** Runs a `remote-endpoints` step: waits for the other cluster's service, finds where it answers, applies the entry with it. */
export async function runRemoteEndpoints(
  step: RemoteStep,
  /** The consuming cluster's kubeconfig context, where the entry is applied. */
  consumerContext: string,
  deps: { model: Model; tools: Tools; timeoutSeconds: number },
  task: TaskContext,
): Promise<void> {
  const { ref, entry } = step;
  const name = `ServiceEntry ${entry.metadata.namespace}/${entry.metadata.name}`;
  const remote = deps.model.clusters.find((c) => c.name === ref.cluster);
  const network = remote?.kind === 'k3d' ? remote.config.network : undefined;
  if (!remote || !network) {
    // The config check refuses both; a model built another way must not get this far quietly.
    throw new MeshError(
      `${name} (target ${step.target}) reaches ${ref.cluster}, which is not a cluster of the config on a shared network`,
      {
        hint: 'name a cluster of the config in the reference',
      },
    );
  }
  if (task.dryRun) {
    task.report(`would wait for ${showRef(ref)} to have ready endpoints, then apply ${name} with its node addresses`);
    return;
  }
  task.report(`waiting for ${showRef(ref)} to have ready endpoints`);
  const reached = await resolveRemote(
    ref,
    { name: remote.name, context: remote.context, network },
    { kubectl: deps.tools.kubectl, docker: deps.tools.docker, timeoutSeconds: deps.timeoutSeconds, signal: task.signal },
  );
  task.note(`${step.target}: ${name} reaches ${reached.addresses.join(', ')} port ${reached.port} (${reached.via})`);
  const objects = filledEntry(entry, reached);
  if (step.crd) {
    const violations = validateObjects([{ target: step.target, index: 0, object: objects[0]! }], [step.crd]);
    if (violations.length > 0) {
      throw new MeshError(`${name} with the endpoints found in ${ref.cluster} is not valid:\n${formatViolations(violations)}`, {
        hint: 'check the referenced service and port',
      });
    }
  }
  const manifest = documentStream(objects.map((object) => managedByMesh({ text: '', object: object as Doc['object'] })));
  await deps.tools.kubectl.apply({ context: consumerContext, manifest }, task.signal);
}
