/**
 * A service in another cluster of the same config, which a ServiceEntry
 * reaches through that cluster's nodes. It travels on the ServiceEntry as two
 * annotations, so it survives the config cache, shows in `result/`, and a
 * YAML config can write it too; mesh fills in the endpoints at deploy time.
 */
export const ENDPOINTS_FROM = 'k3d-mesh.dev/endpoints-from';
export const EXPOSE = 'k3d-mesh.dev/expose';

export interface RemoteRef {
  cluster: string;
  namespace: string;
  /** For a pod: the NodePort Service mesh makes for it. */
  service: string;
  /** A pod of a StatefulSet, reached on its own (a replication source each). */
  pod?: string;
  port: number | string;
  expose: boolean;
}

/** A checked reference: exactly one of service and pod, and a pod's port a number. */
export function toRef(input: {
  cluster: string;
  namespace?: string | undefined;
  service?: string | undefined;
  pod?: string | undefined;
  port: number | string;
  expose?: boolean | undefined;
}): RemoteRef | string {
  if ((input.service === undefined) === (input.pod === undefined)) return 'name either a service or a pod';
  const base = { cluster: input.cluster, namespace: input.namespace ?? 'default', port: input.port };
  if (input.pod === undefined) return { ...base, service: input.service!, expose: input.expose ?? false };
  if (typeof input.port !== 'number') return `a pod's port is a number (its container port), found "${input.port}"`;
  return { ...base, service: podServiceName(input.pod), pod: input.pod, expose: true };
}

/** The NodePort Service mesh adds for one pod, shortened to a label's 63 characters. */
export function podServiceName(pod: string): string {
  return `${pod.slice(0, 58)}-mesh`;
}

export function refAnnotations(ref: RemoteRef): Record<string, string> {
  const what = ref.pod === undefined ? ref.service : `pod/${ref.pod}`;
  const out: Record<string, string> = { [ENDPOINTS_FROM]: `${ref.cluster}/${ref.namespace}/${what}:${ref.port}` };
  if (ref.expose && ref.pod === undefined) out[EXPOSE] = 'true';
  return out;
}

const FORM = /^([^/\s]+)\/([^/\s]+)\/(pod\/)?([^/:\s]+):([^/:\s]+)$/;

/** The reference an object carries, undefined when none; an error text when the annotation is malformed. */
export function refOf(object: { metadata?: { annotations?: Record<string, unknown> } }): RemoteRef | string | undefined {
  const annotations = object.metadata?.annotations ?? {};
  const raw = annotations[ENDPOINTS_FROM];
  if (raw === undefined) return undefined;
  const match = typeof raw === 'string' ? FORM.exec(raw) : null;
  if (!match)
    return `${ENDPOINTS_FROM} must read CLUSTER/NAMESPACE/SERVICE:PORT or CLUSTER/NAMESPACE/pod/POD:PORT, found ${JSON.stringify(raw)}`;
  const [, cluster, namespace, pod, name, p] = match as unknown as [string, string, string, string | undefined, string, string];
  const asNumber = /^\d+$/.test(p) ? Number(p) : undefined;
  if (asNumber !== undefined && (asNumber < 1 || asNumber > 65535)) return `port ${p} in ${ENDPOINTS_FROM} is not in 1-65535`;
  if (pod) return toRef({ cluster, namespace, pod: name, port: asNumber ?? p });
  return { cluster, namespace, service: name, port: asNumber ?? p, expose: annotations[EXPOSE] === 'true' };
}

export function showRef(ref: RemoteRef): string {
  return `${ref.pod === undefined ? `service ${ref.namespace}/${ref.service}` : `pod ${ref.namespace}/${ref.pod}`}:${ref.port} in ${ref.cluster}`;
}
