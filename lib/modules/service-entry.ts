import { z } from 'zod';
import { checkedInput, dnsLabel } from './fields.js';
import { refAnnotations, toRef } from './remote-ref.js';
import { remoteRefSchema } from './remote-ref-schema.js';
import { ConfigError } from '../errors.js';
import { withNeeds } from './needs.js';
import { needsSchema } from './needs-schema.js';
import type { KubernetesObject } from './types.js';

const str = z.string();
const strings = z.record(str, str);

const resolutionSchema = z.enum(['NONE', 'STATIC', 'DNS', 'DNS_ROUND_ROBIN']);
const locationSchema = z.enum(['MESH_EXTERNAL', 'MESH_INTERNAL']);

export const portNumber = z.number().int().min(1).max(65535);

const servicePortSchema = z.strictObject({
  number: portNumber,
  /** Istio reads the protocol from the name prefix when `protocol` is absent (`tcp-`, `http-`, ...). */
  name: str,
  protocol: z.enum(['HTTP', 'HTTPS', 'GRPC', 'HTTP2', 'MONGO', 'TCP', 'TLS']).optional(),
  targetPort: portNumber.optional(),
});

const workloadEntrySchema = z.strictObject({
  address: str.optional(),
  ports: z.record(str, portNumber).optional(),
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
  namespace: dnsLabel.optional(),
  hosts: z.array(str),
  ports: z.array(servicePortSchema).optional(),
  resolution: resolutionSchema,
  location: locationSchema.optional(),
  addresses: z.array(str).optional(),
  endpoints: z.array(workloadEntrySchema).optional(),
  /**
   * Instead of `endpoints`: a service in another cluster of the config, whose
   * node addresses and exposed port mesh writes as the endpoints at deploy time.
   */
  endpointsFrom: remoteRefSchema.optional(),
  exportTo: z.array(str).optional(),
  subjectAltNames: z.array(str).optional(),
  workloadSelector: z.strictObject({ labels: strings }).optional(),
  labels: strings.optional(),
  annotations: strings.optional(),
  needs: needsSchema,
});

export type Resolution = z.input<typeof resolutionSchema>;
export type Location = z.input<typeof locationSchema>;
export type ServicePort = z.input<typeof servicePortSchema>;
export type WorkloadEntrySpec = z.input<typeof workloadEntrySchema>;
export type ServiceEntryInput = z.input<typeof serviceEntryInputSchema>;

/** An Istio `networking.istio.io/v1` ServiceEntry. */
export function mkServiceEntry(input: ServiceEntryInput): KubernetesObject {
  const given = checkedInput('mkServiceEntry', input, serviceEntryInputSchema);
  const ref = given.endpointsFrom === undefined ? undefined : toRef(given.endpointsFrom);
  if (typeof ref === 'string')
    throw new ConfigError(`mkServiceEntry() ${given.name}: endpointsFrom: ${ref}`, { hint: 'see README, "Services in another cluster"' });
  if (ref) checkReferencing(given);
  const metadata: KubernetesObject['metadata'] = { name: given.name, namespace: given.namespace ?? 'default' };
  if (given.labels !== undefined) metadata.labels = given.labels;
  const annotations = { ...given.annotations, ...(ref ? refAnnotations(ref) : {}) };
  if (Object.keys(annotations).length > 0) metadata.annotations = annotations;
  const spec: Record<string, unknown> = { hosts: given.hosts };
  if (given.addresses !== undefined) spec.addresses = given.addresses;
  if (given.ports !== undefined) spec.ports = given.ports;
  if (given.location !== undefined) spec.location = given.location;
  spec.resolution = given.resolution;
  if (given.endpoints !== undefined) spec.endpoints = given.endpoints;
  if (given.workloadSelector !== undefined) spec.workloadSelector = given.workloadSelector;
  if (given.exportTo !== undefined) spec.exportTo = given.exportTo;
  if (given.subjectAltNames !== undefined) spec.subjectAltNames = given.subjectAltNames;
  return withNeeds('mkServiceEntry', { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata, spec }, given.needs);
}

// Endpoints found at deploy time are node addresses with one port: they fill a STATIC entry's only port.
function checkReferencing(given: z.output<typeof serviceEntryInputSchema>): void {
  const clash = given.endpoints !== undefined ? 'endpoints' : given.workloadSelector !== undefined ? 'workloadSelector' : undefined;
  const why = clash
    ? `endpointsFrom and ${clash} both say where the service is; keep one`
    : given.resolution !== 'STATIC'
      ? `endpointsFrom gives addresses, so resolution must be "STATIC", found "${given.resolution}"`
      : (given.ports ?? []).length !== 1
        ? `endpointsFrom fills one port, so the entry needs exactly one in ports, found ${(given.ports ?? []).length}`
        : undefined;
  if (why) throw new ConfigError(`mkServiceEntry() ${given.name}: ${why}`, { hint: 'see README, "Services in another cluster"' });
}
