import { MeshError } from '../errors.js';
import { showRef, type RemoteRef } from '../modules/remote-ref.js';
import type { KubectlAdapter } from '../tools/kubectl/types.js';
import type { DockerAdapter } from '../tools/docker/types.js';
import { waitForEndpoints } from './endpoints.js';
import { exposePod, exposeService, exposedName, type LiveService } from './expose.js';

export interface RemoteCluster {
  name: string;
  context: string;
  /** The docker network it shares with the consuming cluster. */
  network: string;
}

/** Where a consuming cluster reaches a referenced service: node addresses and one port. */
export interface Reached {
  addresses: string[];
  port: number;
  /** How: `LoadBalancer` (ServiceLB on every node), `NodePort`, or `NodePort (exposed by mesh)`. */
  via: string;
}

export interface ResolveDeps {
  kubectl: KubectlAdapter;
  docker: DockerAdapter;
  timeoutSeconds: number;
  signal: AbortSignal;
  pollMs?: number;
}

/**
 * Finds where another cluster's service answers for this one. Pod and
 * cluster IPs never cross clusters (every k3s cluster has the same ranges), so
 * it is always the nodes' addresses on the shared docker network: with the
 * Service's own port where ServiceLB binds it on the nodes (LoadBalancer),
 * else with its node port. Waits first for the service to have ready endpoints.
 */
export async function resolveRemote(ref: RemoteRef, remote: RemoteCluster, deps: ResolveDeps): Promise<Reached> {
  const { kubectl, signal } = deps;
  const pollMs = deps.pollMs ?? 1000;
  // A pod has no Service of its own: mesh makes its NodePort first, then waits on it as on any.
  if (ref.pod !== undefined) await exposePod(kubectl, remote.context, { ...ref, pod: ref.pod }, deps.timeoutSeconds, signal, pollMs);
  try {
    await waitForEndpoints(kubectl, remote.context, ref.namespace, ref.service, deps.timeoutSeconds, signal, pollMs);
  } catch (error) {
    if (!(error instanceof MeshError)) throw error;
    throw await whyNotReady(ref, remote, kubectl, signal, deps.timeoutSeconds);
  }
  const service = await kubectl.getJson<LiveService>(
    { context: remote.context, resource: 'service', name: ref.service, namespace: ref.namespace },
    signal,
  );
  if (!service) throw new MeshError(`${showRef(ref)} went away while mesh read it`, { hint: 'run mesh up again' });
  const port = (service.spec?.ports ?? []).find((p) => p.port === ref.port || (p.name !== undefined && p.name === ref.port));
  if (!port) {
    const known = (service.spec?.ports ?? []).map((p) => (p.name ? `${p.port} (${p.name})` : String(p.port))).join(', ');
    throw new MeshError(`${showRef(ref)}: the service has no port ${ref.port}; it has ${known || 'none'}`, {
      hint: 'name one of its ports in the reference',
    });
  }
  const nodes = await nodeAddresses(remote, deps.docker, signal);
  const type = service.spec?.type ?? 'ClusterIP';
  const ingress = (service.status?.loadBalancer?.ingress ?? []).map((i) => i.ip).filter((ip): ip is string => !!ip);
  const onNetwork = ingress.filter((ip) => nodes.includes(ip));
  if (type === 'LoadBalancer' && onNetwork.length > 0) return { addresses: onNetwork, port: port.port, via: 'LoadBalancer' };
  if (ref.pod !== undefined && port.nodePort)
    return { addresses: nodes, port: port.nodePort, via: `NodePort (${ref.service}, added by mesh)` };
  if ((type === 'LoadBalancer' || type === 'NodePort') && port.nodePort) return { addresses: nodes, port: port.nodePort, via: 'NodePort' };
  if (!ref.expose) {
    throw new MeshError(`${showRef(ref)} is ${type} only, which no other cluster can reach`, {
      hint: `set expose: true on the reference and mesh adds a NodePort Service ${exposedName(ref.service)} beside it, or make the service a NodePort or LoadBalancer in ${ref.cluster}'s own config (for Percona's pxc-db: haproxy.exposePrimary.type)`,
    });
  }
  const nodePort = await exposeService(kubectl, remote.context, ref, service, port, signal);
  return { addresses: nodes, port: nodePort, via: `NodePort (${exposedName(ref.service)}, added by mesh)` };
}

/** The addresses of a cluster's k3s nodes on its docker network; k3d's load balancer and tools containers are not nodes. */
export async function nodeAddresses(remote: RemoteCluster, docker: DockerAdapter, signal: AbortSignal): Promise<string[]> {
  const pattern = new RegExp(`^k3d-${remote.name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-(server|agent)-\\d+$`);
  const members = await docker.networkMembers(remote.network, signal);
  const addresses = members.filter((m) => pattern.test(m.name)).map((m) => m.address);
  if (addresses.length === 0) {
    throw new MeshError(`no node of ${remote.name} is running on docker network ${remote.network}`, {
      hint: `start it with mesh up --cluster ${remote.name}, or check docker network inspect ${remote.network}`,
    });
  }
  return addresses;
}

// A wait that ran out: name the missing cluster, namespace or service, or say the service has no ready pods.
async function whyNotReady(ref: RemoteRef, remote: RemoteCluster, kubectl: KubectlAdapter, signal: AbortSignal, timeout: number) {
  const hint = `check it with kubectl --context ${remote.context} -n ${ref.namespace} get service,pods; a slow start may need a longer --timeout`;
  const namespace = await kubectl
    .getJson({ context: remote.context, resource: 'namespace', name: ref.namespace }, signal)
    .catch((error: unknown) => {
      throw new MeshError(`${showRef(ref)}: cluster ${ref.cluster} does not answer`, {
        hint: `start it with mesh up --cluster ${ref.cluster}`,
        cause: error,
      });
    });
  if (!namespace) return new MeshError(`${showRef(ref)}: ${ref.cluster} has no namespace ${ref.namespace} after ${timeout}s`, { hint });
  const service = await kubectl.getJson(
    { context: remote.context, resource: 'service', name: ref.service, namespace: ref.namespace },
    signal,
  );
  if (!service) return new MeshError(`${showRef(ref)}: ${ref.cluster} has no such service after ${timeout}s`, { hint });
  return new MeshError(`${showRef(ref)} has no ready endpoints after ${timeout}s`, { hint });
}
