import { onlyKnown } from './fields.js';
import type { KubernetesObject } from './types.js';

export type Resolution = 'NONE' | 'STATIC' | 'DNS' | 'DNS_ROUND_ROBIN';
export type Location = 'MESH_EXTERNAL' | 'MESH_INTERNAL';

export interface ServicePort {
  number: number;
  /** Istio reads the protocol from the name prefix when `protocol` is absent (`tcp-`, `http-`, ...). */
  name: string;
  protocol?: 'HTTP' | 'HTTPS' | 'GRPC' | 'HTTP2' | 'MONGO' | 'TCP' | 'TLS';
  targetPort?: number;
}

export interface WorkloadEntrySpec {
  address?: string;
  ports?: Record<string, number>;
  labels?: Record<string, string>;
  network?: string;
  locality?: string;
  weight?: number;
  serviceAccount?: string;
}

export interface ServiceEntryInput {
  name: string;
  /** Default: `default`. */
  namespace?: string;
  hosts: string[];
  ports?: ServicePort[];
  resolution: Resolution;
  location?: Location;
  addresses?: string[];
  endpoints?: WorkloadEntrySpec[];
  exportTo?: string[];
  subjectAltNames?: string[];
  workloadSelector?: { labels: Record<string, string> };
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

/** An Istio `networking.istio.io/v1` ServiceEntry. */
export function mkServiceEntry(input: ServiceEntryInput): KubernetesObject {
  onlyKnown('mkServiceEntry', input, [
    'name',
    'namespace',
    'hosts',
    'ports',
    'resolution',
    'location',
    'addresses',
    'endpoints',
    'exportTo',
    'subjectAltNames',
    'workloadSelector',
    'labels',
    'annotations',
  ]);
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
  return { apiVersion: 'networking.istio.io/v1', kind: 'ServiceEntry', metadata, spec };
}

export interface PXCServiceEntryInput {
  /** The service name; the host becomes `<name>.<remoteClusterName>.global`. */
  name: string;
  namespace?: string;
  remoteClusterName: string;
  /** Where the remote cluster exposes the PXC port, e.g. a node or gateway address. */
  remoteEndpoints: Array<{ address: string; port: number }>;
  /** The port clients connect to. Default: 3306, MySQL's. */
  port?: number;
}

/**
 * Makes a Percona XtraDB Cluster in another cluster reachable from this one
 * as `<name>.<remoteClusterName>.global:3306`, over TCP, to fixed endpoints.
 */
export function mkPXCServiceEntry(input: PXCServiceEntryInput): KubernetesObject {
  onlyKnown('mkPXCServiceEntry', input, ['name', 'namespace', 'remoteClusterName', 'remoteEndpoints', 'port']);
  return mkServiceEntry({
    name: input.name,
    ...(input.namespace === undefined ? {} : { namespace: input.namespace }),
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
