import type { KubernetesObject } from '../modules/types.js';
import type { ManifestTarget } from './targets.js';
import { allTcp, isServiceEntry, type Spec } from './mesh-dns.js';

/**
 * A `.global` host is, by the convention mesh keeps from the flake, a
 * service in another cluster, whose Istio is a mesh of its own: its end of a
 * connection has no sidecar of this mesh to terminate mTLS. So each TCP
 * ServiceEntry for `.global` hosts gets a DestinationRule beside it that
 * turns TLS off for them, so a sidecar never wraps replication traffic
 * (MySQL's own TLS still works inside it). A DestinationRule the config
 * already has for such a host is left to decide.
 */
export function withPlainTcpToOtherClusters(targets: readonly ManifestTarget[]): ManifestTarget[] {
  const ruled = new Set(
    targets
      .flatMap((t) => (t.kind === 'objects' ? t.objects : []))
      .flatMap((o) => (o.kind === 'DestinationRule' ? [String((o.spec as { host?: unknown } | undefined)?.host)] : [])),
  );
  return targets.map((target) => {
    if (target.kind !== 'objects') return target;
    const rules = target.objects.flatMap((object) => plainTcpRules(object, ruled));
    return rules.length === 0 ? target : { ...target, objects: [...target.objects, ...rules] };
  });
}

function plainTcpRules(object: KubernetesObject, ruled: ReadonlySet<string>): KubernetesObject[] {
  const spec = (object.spec ?? {}) as Spec;
  if (!isServiceEntry(object) || !allTcp(spec)) return [];
  const hosts = (spec.hosts ?? []).filter((h) => h.endsWith('.global') && !h.includes('*') && !ruled.has(h));
  return hosts.map((host, i) => ({
    apiVersion: 'networking.istio.io/v1',
    kind: 'DestinationRule',
    metadata: {
      name: hosts.length === 1 ? object.metadata.name : `${object.metadata.name}-${i}`,
      namespace: object.metadata.namespace ?? 'default',
    },
    spec: { host, trafficPolicy: { tls: { mode: 'DISABLE' } } },
  }));
}
