import type { KubectlAdapter } from '../tools/kubectl/types.js';
import { MeshError } from '../errors.js';
import { pollUntil } from './poll.js';

interface Job {
  status?: {
    succeeded?: number;
    failed?: number;
    conditions?: Array<{ type?: string; status?: string; reason?: string; message?: string }>;
  };
}

const POLL_MS = 1000;

/** A hook Job that failed: its own reason says it all, so deploy reports it as it is. */
export class JobFailedError extends MeshError {}

/**
 * Waits until a hook Job has completed, as Helm does before going on. A Job
 * that failed ends the wait at once with the Job controller's reason, rather
 * than at the timeout, which is what `kubectl wait --for=condition=complete` would do.
 */
export async function waitForJob(
  kubectl: KubectlAdapter,
  context: string,
  namespace: string,
  name: string,
  timeoutSeconds: number,
  signal: AbortSignal,
  pollMs = POLL_MS,
): Promise<void> {
  await pollUntil(
    async () => {
      const job = await kubectl.getJson<Job>({ context, resource: 'job', name, namespace }, signal);
      const conditions = job?.status?.conditions ?? [];
      const failed = conditions.find((c) => c.type === 'Failed' && c.status === 'True');
      if (failed) {
        throw new JobFailedError(`job ${namespace}/${name} failed: ${failed.reason ?? 'Failed'}: ${failed.message ?? 'no message'}`, {
          hint: `see its pods' logs: kubectl --context ${context} -n ${namespace} logs job/${name}`,
        });
      }
      return conditions.some((c) => c.type === 'Complete' && c.status === 'True');
    },
    { timeoutSeconds, signal, pollMs, timedOut: `job ${namespace}/${name} did not complete` },
  );
}
