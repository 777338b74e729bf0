import type { KubernetesObject } from '../modules/types.js';
import type { ManifestTarget } from './targets.js';

/**
 * The range mesh gives addresses to TCP ServiceEntries from. It is Class E
 * space, which no pod, node or service uses, beside Istio's own
 * auto-allocation range (240.240.0.0/16), so the two never meet.
 */
export const SERVICE_ENTRY_RANGE = '240.241.0.0/16';

const DNS_CAPTURE = 'ISTIO_META_DNS_CAPTURE';

/**
 * Makes a name that only a ServiceEntry knows (`pxc-source.cluster-b.global`)
 * resolve in sidecar pods, and TCP entries tell apart. Istio's DNS proxying
 * is off by default, so the name would be NXDOMAIN; and plain TCP carries no
 * Host header, so two entries without addresses on one port would both match
 * any traffic to that port. So: each single-host TCP ServiceEntry without
 * addresses gets one from SERVICE_ENTRY_RANGE, in config order (the same
 * config always gets the same addresses), and every mkIstiod target turns DNS
 * capture on when the config has such an entry, unless its values set it
 * either way.
 */
export function withMeshDns(targets: readonly ManifestTarget[]): ManifestTarget[] {
  let next = 0;
  let entries = 0;
  const addressed = targets.map((target) => {
    if (target.kind !== 'objects') return target;
    const objects = target.objects.map((object) => {
      if (!isServiceEntry(object)) return object;
      entries += 1;
      if (!wantsAddress(object.spec as Spec)) return object;
      const { hosts, ...rest } = object.spec as Spec;
      // Where mkServiceEntry writes addresses: right after hosts, as Istio's reference lists the fields.
      return { ...object, spec: { hosts, addresses: [addressAt(next++)], ...rest } };
    });
    return { ...target, objects };
  });
  if (entries === 0) return addressed;
  return addressed.map((target) => (target.kind === 'chart' && target.chart.istio === 'istiod' ? withDnsCapture(target) : target));
}

export interface Spec {
  hosts?: string[];
  addresses?: string[];
  resolution?: string;
  ports?: Array<{ name?: string; protocol?: string }>;
}

export function isServiceEntry(object: KubernetesObject): boolean {
  return object.kind === 'ServiceEntry' && object.apiVersion.startsWith('networking.istio.io/');
}

/** Every port of the entry is plain TCP: by its protocol, or, without one, by Istio's `tcp-` name prefix. */
export function allTcp(spec: Spec): boolean {
  const ports = spec.ports ?? [];
  return ports.length > 0 && ports.every((p) => p.protocol === 'TCP' || (p.protocol === undefined && /^tcp(-|$)/.test(p.name ?? '')));
}

// An address only makes sense for one concrete host whose every port is plain TCP.
function wantsAddress(spec: Spec): boolean {
  if ((spec.addresses ?? []).length > 0 || spec.hosts?.length !== 1 || spec.hosts[0]!.includes('*')) return false;
  return (spec.resolution === 'STATIC' || spec.resolution === 'DNS') && allTcp(spec);
}

function addressAt(index: number): string {
  if (index >= 65534) throw new Error(`more than 65534 TCP ServiceEntries to address in ${SERVICE_ENTRY_RANGE}`);
  const n = index + 1;
  return `240.241.${n >> 8}.${n & 255}`;
}

function withDnsCapture(target: Extract<ManifestTarget, { kind: 'chart' }>): ManifestTarget {
  const values = target.chart.values ?? {};
  const meshConfig = record(values.meshConfig);
  const defaultConfig = record(meshConfig.defaultConfig);
  const proxyMetadata = record(defaultConfig.proxyMetadata);
  if (DNS_CAPTURE in proxyMetadata) return target;
  const captured = {
    ...values,
    meshConfig: { ...meshConfig, defaultConfig: { ...defaultConfig, proxyMetadata: { ...proxyMetadata, [DNS_CAPTURE]: 'true' } } },
  };
  return { ...target, chart: { ...target.chart, values: captured } };
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
