import type { KubectlAdapter } from '../tools/kubectl/types.js';
import { MeshError } from '../errors.js';

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
  const deadline = Date.now() + timeoutSeconds * 1000;
  for (;;) {
    const slices = await kubectl.getJson<EndpointSliceList>(
      { context, resource: 'endpointslices', namespace, selector: `kubernetes.io/service-name=${service}` },
      signal,
    );
    const ready = slices?.items.some((slice) => slice.endpoints?.some((e) => e.conditions?.ready !== false)) ?? false;
    if (ready) return;
    if (Date.now() >= deadline) throw new MeshError(`service ${namespace}/${service} has no ready endpoints`);
    await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())), signal);
  }
}

/** Waits, or rejects with the abort reason as soon as the run is interrupted. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(signal.reason);
      },
      { once: true },
    );
  });
}
