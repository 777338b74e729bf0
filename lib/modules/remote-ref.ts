import { z } from 'zod';

/**
 * A service in another cluster of the same config, which a ServiceEntry
 * reaches through that cluster's nodes. It travels on the ServiceEntry as two
 * annotations, so it survives the config cache, shows in `result/`, and a
 * YAML config can write it too; mesh fills in the endpoints at deploy time.
 */
export const ENDPOINTS_FROM = 'k3d-mesh.dev/endpoints-from';
export const EXPOSE = 'k3d-mesh.dev/expose';

const port = z.number().int().min(1).max(65535);

export const remoteRefSchema = z.strictObject({
  /** A cluster of the config's `clusters`. */
  cluster: z.string().min(1),
  /** Default: `default`. */
  namespace: z.string().min(1).optional(),
  service: z.string().min(1),
  /** The Service's port, by number or name. */
  port: z.union([port, z.string().min(1)]),
  /** When the Service is only ClusterIP: mesh adds a NodePort Service beside it, with its selector. */
  expose: z.boolean().optional(),
});

export type RemoteRefInput = z.input<typeof remoteRefSchema>;

export interface RemoteRef {
  cluster: string;
  namespace: string;
  service: string;
  port: number | string;
  expose: boolean;
}

export function toRef(input: z.output<typeof remoteRefSchema>): RemoteRef {
  return {
    cluster: input.cluster,
    namespace: input.namespace ?? 'default',
    service: input.service,
    port: input.port,
    expose: input.expose ?? false,
  };
}

export function refAnnotations(ref: RemoteRef): Record<string, string> {
  const out: Record<string, string> = { [ENDPOINTS_FROM]: `${ref.cluster}/${ref.namespace}/${ref.service}:${ref.port}` };
  if (ref.expose) out[EXPOSE] = 'true';
  return out;
}

const FORM = /^([^/\s]+)\/([^/\s]+)\/([^/:\s]+):([^/:\s]+)$/;

/** The reference an object carries, undefined when none; an error text when the annotation is malformed. */
export function refOf(object: { metadata?: { annotations?: Record<string, unknown> } }): RemoteRef | string | undefined {
  const annotations = object.metadata?.annotations ?? {};
  const raw = annotations[ENDPOINTS_FROM];
  if (raw === undefined) return undefined;
  const match = typeof raw === 'string' ? FORM.exec(raw) : null;
  if (!match) return `${ENDPOINTS_FROM} must read CLUSTER/NAMESPACE/SERVICE:PORT, found ${JSON.stringify(raw)}`;
  const [, cluster, namespace, service, p] = match as unknown as [string, string, string, string, string];
  const asNumber = /^\d+$/.test(p) ? Number(p) : undefined;
  if (asNumber !== undefined && (asNumber < 1 || asNumber > 65535)) return `port ${p} in ${ENDPOINTS_FROM} is not in 1-65535`;
  return { cluster, namespace, service, port: asNumber ?? p, expose: annotations[EXPOSE] === 'true' };
}

export function showRef(ref: RemoteRef): string {
  return `service ${ref.namespace}/${ref.service}:${ref.port} in ${ref.cluster}`;
}
