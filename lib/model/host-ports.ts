import type { K3dSimpleConfig } from '../modules/types.js';
import { DEFAULT_GATEWAY_PORTS } from './defaults.js';
import { parsePortSpec } from '../modules/k3d-ports.js';
import type { ValidK3dCluster } from './valid-config.js';

type K3dEntry = Pick<ValidK3dCluster, 'name' | 'config' | 'defaulted'>;

export interface Allocated {
  name: string;
  config: K3dSimpleConfig;
  hostPorts: number[];
}

/**
 * Gives every cluster host ports that clash with no other's. Ports a user
 * wrote are kept as written; the first cluster left at the defaults gets
 * 80/443, each later one the next free pair from 8080/8443 up. Pure, so
 * `mesh list` and `mesh render` show the same ports `mesh up` will use.
 */
export function allocatePorts(clusters: readonly K3dEntry[]): Allocated[] {
  const taken = new Set<number>();
  for (const cluster of clusters) {
    if (!cluster.defaulted.includes('ports')) hostPortsOf(cluster.config).forEach((p) => taken.add(p));
  }
  let next = 0;
  return clusters.map(({ name, config, defaulted }) => {
    const named = { ...config, metadata: { ...config.metadata, name } };
    if (!defaulted.includes('ports')) return { name, config: named, hostPorts: hostPortsOf(config) };
    let pair: number[];
    do {
      pair = candidate(next++);
    } while (pair.some((p) => taken.has(p)));
    pair.forEach((p) => taken.add(p));
    const ports = DEFAULT_GATEWAY_PORTS.map((p, i) => ({ port: `${pair[i]}:${p.container}`, nodeFilters: ['loadbalancer'] }));
    return { name, config: { ...named, ports }, hostPorts: pair };
  });
}

/** Host ports of k3d port specs: `[IP:]HOST:CONTAINER[/PROTO]`, or a bare `CONTAINER` (random host port). */
export function hostPortsOf(config: K3dSimpleConfig): number[] {
  return (config.ports ?? []).flatMap(({ port }) => {
    const host = parsePortSpec(port ?? '')?.host;
    return host !== undefined && host > 0 ? [host] : [];
  });
}

/**
 * Two clusters that bind one host port cannot both start; docker says "port
 * is already allocated" only when the second starts. Different IPs on one
 * port do not clash, unless one of them is every address (0.0.0.0, or none).
 */
export function hostPortClashes(clusters: readonly K3dEntry[]): Array<{ cluster: string; index: number; port: number; other: string }> {
  const seen: Array<{ cluster: string; port: number; ip: string }> = [];
  const out: Array<{ cluster: string; index: number; port: number; other: string }> = [];
  for (const { name, config, defaulted } of clusters) {
    if (defaulted.includes('ports')) continue;
    (config.ports ?? []).forEach(({ port }, index) => {
      const spec = parsePortSpec(port ?? '');
      if (spec?.host === undefined) return;
      const ip = spec.ip ?? '0.0.0.0';
      const clash = seen.find((s) => s.cluster !== name && s.port === spec.host && (s.ip === ip || s.ip === '0.0.0.0' || ip === '0.0.0.0'));
      if (clash) out.push({ cluster: name, index, port: spec.host, other: clash.cluster });
      seen.push({ cluster: name, port: spec.host, ip });
    });
  }
  return out;
}

function candidate(index: number): number[] {
  if (index === 0) return DEFAULT_GATEWAY_PORTS.map((p) => p.host);
  return [8080 + index - 1, 8443 + index - 1];
}
