// What a pod's name lookups and TCP connections reach, from what decides it
// on a real cluster: a sidecar answers DNS only with Istio's DNS capture on
// (meshConfig.defaultConfig.proxyMetadata.ISTIO_META_DNS_CAPTURE in istiod's
// `istio` ConfigMap) and only for ServiceEntry hosts exported to the pod's
// namespace that have addresses; everything else goes to CoreDNS, which knows
// Services and the rewrites of `coredns-custom`'s `*.override` keys. A
// connection to an entry's address goes through the sidecar to the entry's
// endpoints; one to a ClusterIP to the Service's ready endpoints; one to a
// node address to a NodePort, or a ServiceLB-bound LoadBalancer port, of the
// cluster owning that node, when both clusters share a docker network.
import YAML from 'yaml';
import { listClusters, loadApi, materialize } from './store.js';
import { ClusterView, contextFaults } from './synth.js';
import type { Json } from './types.js';

export type Lookup = { addresses: string[] } | { nxdomain: true } | { timeout: true };
export type Reach = { ok: true } | { ok: false; why: 'Connection refused' | 'Connection timed out' };

export function hasSidecar(pod: Json): boolean {
  return [...(pod.spec?.containers ?? []), ...(pod.spec?.initContainers ?? [])].some((c: Json) => c.name === 'istio-proxy');
}

function dnsCapture(view: ClusterView): boolean {
  const mesh = view.entries('ConfigMap', '').find((e) => e.name === 'istio' && e.namespace === 'istio-system');
  if (!mesh) return false;
  const config = YAML.parse(String(materialize(mesh).data?.mesh ?? '')) ?? {};
  return String(config.defaultConfig?.proxyMetadata?.ISTIO_META_DNS_CAPTURE) === 'true';
}

function serviceEntries(view: ClusterView, namespace: string): Json[] {
  return view
    .entries('ServiceEntry', 'networking.istio.io')
    .map((e) => materialize(e))
    .filter((se) => {
      const exportTo: string[] = se.spec?.exportTo ?? ['*'];
      return exportTo.includes('*') || exportTo.includes(namespace) || (exportTo.includes('.') && se.metadata.namespace === namespace);
    });
}

export function lookup(view: ClusterView, pod: Json, host: string): Lookup {
  const name = host.replace(/\.$/, '');
  if (hasSidecar(pod) && dnsCapture(view)) {
    const entry = serviceEntries(view, pod.metadata.namespace).find((se) => (se.spec?.hosts ?? []).includes(name));
    if (entry && (entry.spec.addresses ?? []).length > 0) return { addresses: entry.spec.addresses };
  }
  // The sidecar's DNS proxy answers the entries it knows by itself; every other name needs CoreDNS.
  if (view.faults.net?.dns === 'down') return { timeout: true };
  let asked = name;
  for (const rule of rewrites(view)) if (rule.from === asked) asked = rule.to;
  const match = /^([a-z0-9-]+)\.([a-z0-9-]+)(?:\.svc(?:\.cluster\.local)?)?$/.exec(asked) ?? /^([a-z0-9-]+)()$/.exec(asked);
  if (!match) return { nxdomain: true };
  const namespace = match[2] || pod.metadata.namespace;
  const service = view.list({ kind: 'Service', group: '', namespaced: true }, namespace).find((s: Json) => s.metadata.name === match[1]);
  if (!service) return { nxdomain: true };
  if (service.spec.clusterIP && service.spec.clusterIP !== 'None') return { addresses: [service.spec.clusterIP] };
  const ready = readyEndpoints(view, namespace, service.metadata.name).map((e) => e.address);
  return ready.length ? { addresses: [...new Set(ready)] } : { nxdomain: true };
}

function rewrites(view: ClusterView): Array<{ from: string; to: string }> {
  const custom = view.entries('ConfigMap', '').find((e) => e.name === 'coredns-custom' && e.namespace === 'kube-system');
  const data: Record<string, string> = custom ? (materialize(custom).data ?? {}) : {};
  return Object.entries(data)
    .filter(([key]) => key.endsWith('.override'))
    .flatMap(([, text]) => text.split('\n'))
    .map((line) => /^\s*rewrite\s+(?:stop\s+|continue\s+)?name\s+(?:exact\s+)?(\S+?)\.?\s+(\S+?)\.?(\s|$)/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ from: m[1]!, to: m[2]! }));
}

function readyEndpoints(
  view: ClusterView,
  namespace: string,
  service: string,
  portName?: string,
): Array<{ address: string; port?: number }> {
  const slices = view
    .endpointSlices()
    .filter((s: Json) => s.metadata.namespace === namespace && s.metadata.labels?.['kubernetes.io/service-name'] === service);
  return slices.flatMap((slice: Json) => {
    const port = (slice.ports ?? []).find((p: Json) => portName === undefined || (p.name ?? '') === portName)?.port;
    return (slice.endpoints ?? []).filter((e: Json) => e.conditions?.ready !== false).map((e: Json) => ({ address: e.addresses[0], port }));
  });
}

/** A TCP connection from `pod` in `view`'s cluster to address:port. */
export function connect(ctx: { dir: string; faults: Json }, view: ClusterView, pod: Json, address: string, port: number): Reach {
  if (hasSidecar(pod)) {
    for (const se of serviceEntries(view, pod.metadata.namespace)) {
      const sePort = (se.spec.ports ?? []).find((p: Json) => p.number === port);
      if (!(se.spec.addresses ?? []).includes(address) || !sePort) continue;
      const endpoints: Json[] = se.spec.endpoints ?? [];
      if (endpoints.length === 0) return { ok: false, why: 'Connection refused' };
      const tries = endpoints.map((e) => reach(ctx, view, e.address, e.ports?.[sePort.name] ?? sePort.targetPort ?? sePort.number));
      return tries.find((t) => t.ok) ?? tries[0]!;
    }
  }
  const services = view.list({ kind: 'Service', group: '', namespaced: true }, undefined);
  const service = services.find((s: Json) => s.spec.clusterIP === address);
  if (service) {
    const sp = (service.spec.ports ?? []).find((p: Json) => p.port === port);
    if (!sp) return { ok: false, why: 'Connection timed out' };
    const ready = readyEndpoints(view, service.metadata.namespace, service.metadata.name, sp.name ?? '');
    if (ready.length === 0) return { ok: false, why: 'Connection refused' };
    const tries = ready.map((e) => reach(ctx, view, e.address, e.port ?? sp.port));
    return tries.find((t) => t.ok) ?? tries[0]!;
  }
  return reach(ctx, view, address, port);
}

function reach(ctx: { dir: string; faults: Json }, from: ClusterView, address: string, port: number): Reach {
  // Something outside every cluster that accepts connections there, such as an external database.
  if ((from.faults.net?.listening ?? []).includes(`${address}:${port}`)) return { ok: true };
  if (from.pods().some((p: Json) => p.status?.podIP === address)) {
    const pod = from.pods().find((p: Json) => p.status?.podIP === address);
    const ready = pod.status.conditions?.find((c: Json) => c.type === 'Ready')?.status === 'True';
    return ready ? { ok: true } : { ok: false, why: 'Connection refused' };
  }
  const owner = listClusters(ctx.dir).find((c) =>
    c.nodes.some((n: Json) => n.ip === address && (n.role === 'server' || n.role === 'agent')),
  );
  if (!owner || !owner.nodes.find((n: Json) => n.ip === address).running) return { ok: false, why: 'Connection timed out' };
  if (owner.name !== from.cluster.name && owner.network?.name !== from.cluster.network?.name)
    return { ok: false, why: 'Connection timed out' };
  const view =
    owner.name === from.cluster.name
      ? from
      : new ClusterView({ cluster: owner, api: loadApi(ctx.dir, owner.name), faults: contextFaults(ctx.faults, `k3d-${owner.name}`) });
  const services = view.list({ kind: 'Service', group: '', namespaced: true }, undefined);
  const bound = new Set(
    view
      .loadBalancerServices()
      .filter((lb) => lb.bound)
      .map((lb) => lb.svc.metadata.uid),
  );
  for (const svc of services) {
    for (const sp of svc.spec.ports ?? []) {
      const viaNodePort = sp.nodePort === port;
      const viaServiceLb = svc.spec.type === 'LoadBalancer' && bound.has(svc.metadata.uid) && sp.port === port;
      if (!viaNodePort && !viaServiceLb) continue;
      const ready = readyEndpoints(view, svc.metadata.namespace, svc.metadata.name, sp.name ?? '');
      return ready.length > 0 ? { ok: true } : { ok: false, why: 'Connection refused' };
    }
  }
  return { ok: false, why: 'Connection refused' };
}
