import { MeshError } from '../errors.js';
import { podServiceName, showRef, type RemoteRef } from '../modules/remote-ref.js';
import type { KubectlAdapter } from '../tools/kubectl/types.js';
import { toYamlStream } from '../yaml/write.js';
import { pollUntil } from './poll.js';

export interface LivePort {
  name?: string;
  port: number;
  targetPort?: number | string;
  nodePort?: number;
}

/** A Service as the API server returns it, as far as mesh reads it. */
export interface LiveService {
  spec?: { type?: string; selector?: Record<string, string>; ports?: LivePort[] };
  status?: { loadBalancer?: { ingress?: Array<{ ip?: string }> } };
}

/** The NodePort Service mesh adds beside a ClusterIP one (or for one pod), shortened to a label's 63 characters. */
export const exposedName = podServiceName;

/**
 * Exposes a ClusterIP Service on every node of its cluster: a NodePort
 * Service beside it with its selector and the one port, so an operator that
 * owns the original (Percona's resets its type) never fights mesh over it.
 * Returns the node port the API server picked (kept on later applies).
 */
export async function exposeService(
  kubectl: KubectlAdapter,
  context: string,
  ref: RemoteRef,
  service: LiveService,
  port: LivePort,
  signal: AbortSignal,
): Promise<number> {
  const selector = service.spec?.selector ?? {};
  if (Object.keys(selector).length === 0) {
    throw new MeshError(`${showRef(ref)}: the service has no selector, so mesh cannot expose its pods`, {
      hint: `make it a NodePort or LoadBalancer in ${ref.cluster}'s own config`,
    });
  }
  const name = exposedName(ref.pod ?? ref.service);
  const exposed = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: ref.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'k3d-mesh', 'k3d-mesh.dev/exposes': ref.pod ?? ref.service },
    },
    spec: {
      type: 'NodePort',
      selector,
      ports: [{ name: port.name ?? 'tcp', port: port.port, targetPort: port.targetPort ?? port.port, protocol: 'TCP' }],
    },
  };
  await kubectl.apply({ context, manifest: toYamlStream([exposed]) }, signal);
  const live = await kubectl.getJson<LiveService>({ context, resource: 'service', name, namespace: ref.namespace }, signal);
  const nodePort = live?.spec?.ports?.[0]?.nodePort;
  if (!nodePort) throw new MeshError(`service ${ref.namespace}/${name} in ${ref.cluster} got no node port`, { hint: 'run mesh up again' });
  return nodePort;
}

/**
 * Exposes one pod of a StatefulSet on every node, by the pod-name label its
 * controller sets, once the pod exists (its namespace then does too).
 */
export async function exposePod(
  kubectl: KubectlAdapter,
  context: string,
  ref: RemoteRef & { pod: string },
  timeoutSeconds: number,
  signal: AbortSignal,
  pollMs: number,
): Promise<void> {
  const pod = ref.pod;
  await pollUntil(
    async () => (await kubectl.getJson({ context, resource: 'pod', name: pod, namespace: ref.namespace }, signal)) !== undefined,
    {
      timeoutSeconds,
      signal,
      pollMs,
      timedOut: `${showRef(ref)}: ${ref.cluster} has no such pod after ${timeoutSeconds}s`,
    },
  );
  const port = Number(ref.port);
  const service: LiveService = { spec: { selector: { 'statefulset.kubernetes.io/pod-name': pod } } };
  await exposeService(kubectl, context, ref, service, { name: 'tcp', port, targetPort: port }, signal);
}
