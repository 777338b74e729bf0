import type { K3dSimpleConfig } from '../modules/types.js';
import { DEFAULT_GATEWAY_PORTS } from './defaults.js';
import type { ValidCluster } from './valid-config.js';

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
export function allocatePorts(clusters: readonly ValidCluster[]): Allocated[] {
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
  const out: number[] = [];
  for (const { port } of config.ports ?? []) {
    const parts = (port ?? '').split('/')[0]!.split(':');
    if (parts.length < 2) continue;
    const host = Number(parts[parts.length - 2]);
    if (Number.isInteger(host) && host > 0) out.push(host);
  }
  return out;
}

function candidate(index: number): number[] {
  if (index === 0) return DEFAULT_GATEWAY_PORTS.map((p) => p.host);
  return [8080 + index - 1, 8443 + index - 1];
}
