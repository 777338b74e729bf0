import { createHash } from 'node:crypto';
import { isIP } from 'node:net';
import { ConfigError } from '../errors.js';
import type { KubernetesObject } from '../modules/types.js';
import { refOf } from '../modules/remote-ref.js';
import { allTcp, isServiceEntry, type Spec } from './mesh-dns.js';
import type { ManifestTarget, ObjectsTarget } from './targets.js';

/** The target that carries CoreDNS's extra configuration to each cluster with such entries. */
export const CLUSTER_DNS_TARGET = 'mesh-dns';
/** k3s's CoreDNS imports `*.override` keys of this ConfigMap into its main server block. */
const CUSTOM = { namespace: 'kube-system', name: 'coredns-custom', key: 'k3d-mesh.override' };

/**
 * A pod without a sidecar asks the cluster's CoreDNS, which knows nothing of
 * ServiceEntries. So each cross-cluster entry (a `.global` host, STATIC, plain
 * TCP) also gets a Service without a selector in its namespace, on the same
 * ports, whose EndpointSlice lists the same endpoints (now when they are
 * typed, at deploy time when they are found), and CoreDNS rewrites the host to
 * that Service's name: both kinds of pod reach the same endpoints on the same
 * port. The rewrite rules of the whole config travel in one target, as k3s
 * reads one ConfigMap; a cluster gets it with any entry that needs it.
 */
export function withClusterDns(targets: readonly ManifestTarget[]): ManifestTarget[] {
  const rules: string[] = [];
  const out = targets.map((target) => {
    if (target.kind !== 'objects') return target;
    const added = target.objects.filter(crossCluster).flatMap((entry) => {
      const service = localService(entry);
      rules.push(`rewrite name exact ${host(entry)} ${service.metadata.name}.${service.metadata.namespace}.svc.cluster.local answer auto`);
      const typed = refOf(entry) === undefined ? typedEndpoints(entry) : undefined;
      return [service, ...(typed ? endpointSlices(service, typed) : [])];
    });
    if (added.length === 0) return target;
    return { ...target, objects: [...target.objects, ...added], needs: [...target.needs, CLUSTER_DNS_TARGET] };
  });
  if (rules.length === 0) return out;
  if (targets.some((t) => t.name === CLUSTER_DNS_TARGET)) {
    throw new ConfigError(`packages.${CLUSTER_DNS_TARGET}: mesh keeps this target name for the cluster DNS of cross-cluster entries`, {
      hint: 'give the package another name',
    });
  }
  const configMap = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name: CUSTOM.name, namespace: CUSTOM.namespace },
    data: { [CUSTOM.key]: `${[...new Set(rules)].join('\n')}\n` },
  };
  const dns: ObjectsTarget = {
    kind: 'objects',
    name: CLUSTER_DNS_TARGET,
    role: 'objects',
    objects: [configMap],
    namespaces: [],
    needs: [],
  };
  return [...out, dns];
}

/** A `.global` host only a ServiceEntry knows, reached over plain TCP at static addresses. */
export function crossCluster(object: KubernetesObject): boolean {
  if (!isServiceEntry(object)) return false;
  const spec = (object.spec ?? {}) as Spec;
  const hosts = spec.hosts ?? [];
  return hosts.length === 1 && hosts[0]!.endsWith('.global') && !hosts[0]!.includes('*') && spec.resolution === 'STATIC' && allTcp(spec);
}

function host(entry: KubernetesObject): string {
  return ((entry.spec as Spec).hosts ?? [])[0]!;
}

/** `pxc-source.cluster-b.global` -> `pxc-source-cluster-b-global`, shortened with a hash past a label's 63 characters. */
export function localServiceName(hostName: string): string {
  const name = hostName.replace(/\./g, '-');
  if (name.length <= 63) return name;
  return `${name.slice(0, 54).replace(/-+$/, '')}-${createHash('sha256').update(hostName).digest('hex').slice(0, 8)}`;
}

export function localService(entry: KubernetesObject): KubernetesObject {
  const ports = ((entry.spec as Spec).ports ?? []) as Array<{ name: string; number: number }>;
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      name: localServiceName(host(entry)),
      namespace: entry.metadata.namespace ?? 'default',
      labels: { 'k3d-mesh.dev/for-host': host(entry) },
    },
    spec: { ports: ports.map((p) => ({ name: p.name, port: p.number, protocol: 'TCP' })) },
  };
}

export interface Endpoint {
  address: string;
  /** Port name -> the port at that address. */
  ports: Record<string, number>;
}

function typedEndpoints(entry: KubernetesObject): Endpoint[] | undefined {
  const spec = entry.spec as Spec & { endpoints?: Array<{ address?: string; ports?: Record<string, number> }> };
  const endpoints = spec.endpoints ?? [];
  // Only IP addresses fit an EndpointSlice; a name there is left to sidecars.
  if (endpoints.length === 0 || !endpoints.every((e) => e.address !== undefined && isIP(e.address) === 4)) return undefined;
  const ports = (spec.ports ?? []) as Array<{ name: string; number: number; targetPort?: number }>;
  return endpoints.map((e) => ({
    address: e.address!,
    ports: Object.fromEntries(ports.map((p) => [p.name, e.ports?.[p.name] ?? p.targetPort ?? p.number])),
  }));
}

/** One EndpointSlice per distinct port set, as the endpoints of a slice share their ports. */
export function endpointSlices(service: KubernetesObject, endpoints: readonly Endpoint[]): KubernetesObject[] {
  const groups = new Map<string, Endpoint[]>();
  for (const e of endpoints) {
    const key = JSON.stringify(Object.entries(e.ports).sort());
    groups.set(key, [...(groups.get(key) ?? []), e]);
  }
  return [...groups.values()].map((group, i) => ({
    apiVersion: 'discovery.k8s.io/v1',
    kind: 'EndpointSlice',
    metadata: {
      name: `${service.metadata.name.slice(0, 56)}-mesh${i === 0 ? '' : `-${i}`}`,
      namespace: service.metadata.namespace!,
      labels: { 'kubernetes.io/service-name': service.metadata.name, 'endpointslice.kubernetes.io/managed-by': 'k3d-mesh' },
    },
    addressType: 'IPv4',
    endpoints: group.map((e) => ({ addresses: [e.address], conditions: { ready: true } })),
    ports: Object.entries(group[0]!.ports).map(([name, port]) => ({ name, port, protocol: 'TCP' })),
  }));
}
