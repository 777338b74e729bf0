import type { KubectlAdapter } from '../tools/kubectl/types.js';
import { pollUntil } from './poll.js';

interface EndpointSliceList {
  items: Array<{ endpoints?: Array<{ conditions?: { ready?: boolean } }> }>;
}

const POLL_MS = 1000;

/** Waits until a Service has at least one ready endpoint, as a webhook needs before it is called. */
export async function waitForEndpoints(
  kubectl: KubectlAdapter,
  context: string,
  namespace: string,
  service: string,
  timeoutSeconds: number,
  signal: AbortSignal,
  pollMs = POLL_MS,
): Promise<void> {
  await pollUntil(
    async () => {
      const slices = await kubectl.getJson<EndpointSliceList>(
        { context, resource: 'endpointslices', namespace, selector: `kubernetes.io/service-name=${service}` },
        signal,
      );
      return slices?.items.some((slice) => slice.endpoints?.some((e) => e.conditions?.ready !== false)) ?? false;
    },
    { timeoutSeconds, signal, pollMs, timedOut: `service ${namespace}/${service} has no ready endpoints` },
  );
}
