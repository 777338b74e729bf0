import { z } from 'zod';
import { onlyKnown } from './fields.js';
import { needsSchema, withNeeds } from './needs.js';
import type { KubernetesObject } from './types.js';

const str = z.string();
const strings = z.record(str, str);

const resolutionSchema = z.enum(['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN']);
const locationSchema = z.enum(['MESH_EXTERNAL', 'MESH_INTERNAL']);

const servicePortSchema = z.strictObject({
  number: z.number(),
  /** Istio reads the protocol from the name prefix when `protocol` is absent (`tcp-`, `http-`, ...). */
  name: str,
  protocol: z.enum(['HTTP', 'HTTPS', 'GRPC', 'HTTP2', 'MONGO', 'TCP', 'TLS']).optional(),
  targetPort: z.number().optional(),
});

const workloadEntrySchema = z.strictObject({
  address: str.optional(),
  ports: z.record(str, z.number()).optional(),
  labels: strings.optional(),
  network: str.optional(),
  locality: str.optional(),
  weight: z.number().optional(),
  serviceAccount: str.optional(),
});

/** What `mkServiceEntry` takes. */
export const serviceEntryInputSchema = z.strictObject({
  name: str,
  /** Default: `default`. */
  namespace: str.optional(),
  hosts: z.array(str),
  ports: z.array(servicePortSchema).optional(),
  resolution: resolutionSchema,
  location: locationSchema.optional(),
  addresses: z.array(str).optional(),
  endpoints: z.array(workloadEntrySchema).optional(),
  exportTo: z.array(str).optional(),
  subjectAltNames: z.array(str).optional(),
  workloadSelector: z.strictObject({ labels: strings }).optional(),
  labels: strings.optional(),
  annotations: strings.optional(),
  needs: needsSchema,
});

/** What `mkPXCServiceEntry` takes. */
export const pxcServiceEntryInputSchema = z.strictObject({
  /** The service name; the host becomes `<name>.<remoteClusterName>.global`. */
  name: str,
  namespace: str.optional(),
  remoteClusterName: str,
  /** Where the remote cluster exposes the PXC port, e.g. a node or gateway address. */
  remoteEndpoints: z.array(z.strictObject({ address: str, port: z.number() })),
  /** The port clients connect to. Default: 3306, MySQL's. */
  port: z.number().optional(),
  needs: needsSchema,
});

export type Resolution = z.input<typeof resolutionSchema>;
export type Location = z.input<typeof locationSchema>;
export type ServicePort = z.input<typeof servicePortSchema>;
export type WorkloadEntrySpec = z.input<typeof workloadEntrySchema>;
export type ServiceEntryInput = z.input<typeof serviceEntryInputSchema>;
export type PXCServiceEntryInput = z.input<typeof pxcServiceEntryInputSchema>;

/** An Istio `networking.istio.io/v1` ServiceEntry. */
export function mkServiceEntry(input: ServiceEntryInput): KubernetesObject {
  onlyKnown('mkServiceEntry', input, serviceEntryInputSchema);
  const metadata: KubernetesObject['metadata'] = { name: input.name, namespace: input.namespace ?? 'default' };
  if (input.labels !== undefined) metadata.labels = input.labels;
  if (input.annotations !== undefined) metadata.annotations = input.annotations;
  const spec: Record<string, unknown> = { hosts: input.hosts };
  if (input.addresses !== undefined) spec.addresses = input.addresses;
  if (input.ports !== undefined) spec.ports = input.ports;
  if (input.location !== undefined) spec.location = input.location;
  spec.resolution = input.resolution;
  if (input.endpoints !== undefined) spec.endpoints = input.endpoints;
  if (input.workloadSelector !== undefined) spec.workloadSelector = input.workloadSelector;
  if (input.exportTo !== undefined) spec.exportTo = input.exportTo;
  if (input.subjectAltNames !== undefined) spec.subjectAltNames = input.subjectAltNames;
  return withNeeds('mkServiceEntry', { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata, spec }, input.needs);
}

/**
 * Makes a Percona XtraDB Cluster in another cluster reachable from this one
 * as `<name>.<remoteClusterName>.global:3306`, over TCP, to fixed endpoints.
 */
export function mkPXCServiceEntry(input: PXCServiceEntryInput): KubernetesObject {
  onlyKnown('mkPXCServiceEntry', input, pxcServiceEntryInputSchema);
  return mkServiceEntry({
    name: input.name,
    ...(input.namespace === undefined ? {} : { namespace: input.namespace }),
    ...(input.needs === undefined ? {} : { needs: input.needs }),
    hosts: [`${input.name}.${input.remoteClusterName}.global`],
    ports: [{ number: input.port ?? 3306, name: 'tcp-mysql', protocol: 'TCP' }],
    location: 'MESH_INTERNAL',
    resolution: 'STATIC',
    endpoints: input.remoteEndpoints.map((endpoint) => ({
      address: endpoint.address,
      ports: { 'tcp-mysql': endpoint.port },
    })),
  });
}
