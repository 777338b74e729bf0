import { ConfigError } from '../errors.js';
import { refOf } from '../modules/remote-ref.js';
import type { K3dSimpleConfig } from '../modules/types.js';
import type { ManifestTarget } from './targets.js';

// An existing cluster has no docker network: references to or from one are refused by the config check.
type Cluster = { name: string; targets: string[] } & ({ kind: 'k3d'; config: K3dSimpleConfig } | { kind: 'existing' });

/** The network clusters that reach each other's services share when none of them names one. */
export const SHARED_NETWORK = 'mesh-net';

/**
 * Where a cluster reaches another's service through its nodes, both must sit
 * on one docker network: every k3d cluster otherwise gets a network of its
 * own. Clusters linked by references, directly or through others, get the
 * network one of them names, or mesh's.
 */
export function withSharedNetworks<C extends Cluster>(clusters: readonly C[], targets: readonly ManifestTarget[]): C[] {
  const group = new Map(clusters.map((c) => [c.name, c.name]));
  const root = (name: string): string => (group.get(name) === name ? name : root(group.get(name)!));
  for (const [consumer, producer] of links(clusters, targets)) {
    if (group.has(producer)) group.set(root(consumer), root(producer));
  }
  const linked = new Set(links(clusters, targets).flat());
  return clusters.map((cluster) => {
    if (!linked.has(cluster.name) || cluster.kind !== 'k3d') return cluster;
    const members = clusters.filter((c) => root(c.name) === root(cluster.name));
    const named = [...new Set(members.map((c) => (c.kind === 'k3d' ? c.config.network : undefined)).filter((n): n is string => !!n))];
    if (named.length > 1) {
      throw new ConfigError(
        `clusters ${members.map((c) => c.name).join(', ')} reach each other's services but sit on networks ${named.join(', ')}`,
        { hint: 'give them one network, or leave network unset and mesh gives them one' },
      );
    }
    const network = named[0] ?? SHARED_NETWORK;
    return cluster.config.network === network ? cluster : { ...cluster, config: { ...cluster.config, network } };
  });
}

/** [consuming cluster, cluster it reaches] for every reference a cluster's targets carry. */
export function links(clusters: readonly Cluster[], targets: readonly ManifestTarget[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const cluster of clusters) {
    for (const target of targets) {
      if (target.kind !== 'objects' || !cluster.targets.includes(target.name)) continue;
      for (const object of target.objects) {
        const ref = refOf(object);
        if (typeof ref === 'object' && ref.cluster !== cluster.name) out.push([cluster.name, ref.cluster]);
      }
    }
  }
  return out;
}
