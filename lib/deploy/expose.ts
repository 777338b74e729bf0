import { MeshError } from '../errors.js';
import { showRef, type RemoteRef } from '../modules/remote-ref.js';
import type { KubectlAdapter } from '../tools/kubectl/types.js';
import { toYamlStream } from '../yaml/write.js';

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

/** The NodePort Service mesh adds beside a ClusterIP one, shortened to a label's 63 characters. */
export function exposedName(service: string): string {
  return `${service.slice(0, 58)}-mesh`;
}

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
    throw new MeshError(`${showRef(ref)} has no selector, so mesh cannot expose its pods`, {
      hint: `make it a NodePort or LoadBalancer in ${ref.cluster}'s own config`,
    });
  }
  const name = exposedName(ref.service);
  const exposed = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name,
      namespace: ref.namespace,
      labels: { 'app.kubernetes.io/managed-by': 'k3d-mesh', 'k3d-mesh.dev/exposes': ref.service },
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
