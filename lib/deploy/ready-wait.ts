import type { KubectlAdapter } from '../tools/kubectl/types.js';
import { pollUntil } from './poll.js';

interface Workload {
  metadata?: { generation?: number };
  spec?: { replicas?: number };
  status?: { observedGeneration?: number; readyReplicas?: number; numberReady?: number; desiredNumberScheduled?: number };
}

const POLL_MS = 1000;

/**
 * Waits until a DaemonSet or StatefulSet with `updateStrategy: OnDelete` has
 * as many ready pods as it wants, the controller having seen the applied
 * spec. `kubectl rollout status` refuses such workloads, and with OnDelete
 * there is no rollout to follow: pods change only when deleted.
 */
export async function waitForReady(
  kubectl: KubectlAdapter,
  context: string,
  namespace: string,
  resource: string,
  name: string,
  timeoutSeconds: number,
  signal: AbortSignal,
  pollMs = POLL_MS,
): Promise<void> {
  await pollUntil(
    async () => {
      const workload = await kubectl.getJson<Workload>({ context, resource, name, namespace }, signal);
      const status = workload?.status ?? {};
      if ((status.observedGeneration ?? 0) < (workload?.metadata?.generation ?? 0)) return false;
      return resource === 'daemonset'
        ? (status.numberReady ?? 0) >= (status.desiredNumberScheduled ?? 0)
        : (status.readyReplicas ?? 0) >= (workload?.spec?.replicas ?? 1);
    },
    { timeoutSeconds, signal, pollMs, timedOut: `${resource}/${name} in ${namespace} has not all its pods ready` },
  );
}
