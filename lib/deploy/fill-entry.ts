import { isIP } from 'node:net';
import { MeshError } from '../errors.js';
import type { KubernetesObject } from '../modules/types.js';
import { crossCluster, endpointSlices, localService } from '../model/cluster-dns.js';
import type { Reached } from './remote-endpoints.js';

/**
 * The ServiceEntry with the endpoints found for it, and, for a cross-cluster
 * host, the EndpointSlice of its local Service: both kinds of pod then reach
 * the same addresses on the same port. Found values are checked as a typed
 * config would be, as nothing else checks them before the API server.
 */
export function filledEntry(entry: KubernetesObject, reached: Reached): KubernetesObject[] {
  const bad = reached.addresses.filter((a) => isIP(a) !== 4);
  if (bad.length > 0 || reached.addresses.length === 0 || !(reached.port >= 1 && reached.port <= 65535)) {
    throw new MeshError(
      `ServiceEntry ${entry.metadata.namespace}/${entry.metadata.name}: found no usable endpoint (${reached.addresses.join(', ') || 'no address'}, port ${reached.port})`,
      { hint: 'check the referenced cluster with docker network inspect and kubectl get service' },
    );
  }
  const ports = ((entry.spec as { ports?: Array<{ name: string }> }).ports ?? []).map((p) => p.name);
  const endpoints = reached.addresses.map((address) => ({ address, ports: Object.fromEntries(ports.map((name) => [name, reached.port])) }));
  const filled = { ...entry, spec: { ...(entry.spec as object), endpoints } };
  const slices = crossCluster(entry) ? endpointSlices(localService(entry), endpoints) : [];
  return [filled, ...slices];
}

/** The EndpointSlices a filled entry brings, for the target's inventory. */
export function filledSliceRefs(entry: KubernetesObject): Array<{ namespace: string; name: string }> {
  if (!crossCluster(entry)) return [];
  const [slice] = endpointSlices(localService(entry), [{ address: '192.0.2.1', ports: { p: 1 } }]);
  return [{ namespace: slice!.metadata.namespace!, name: slice!.metadata.name }];
}
