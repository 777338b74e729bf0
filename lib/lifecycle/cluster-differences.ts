import { hostPortsOf } from '../model/host-ports.js';
import type { K3dCluster } from '../tools/k3d/types.js';
import type { K3dSimpleConfig } from '../modules/types.js';

/**
 * What differs between a running cluster and its config, in the terms k3d
 * reports: node counts, image, network and host ports. Empty when the
 * cluster matches as far as k3d can tell.
 */
export function clusterDifferences(config: K3dSimpleConfig, actual: K3dCluster): string[] {
  const out: string[] = [];
  const servers = config.servers ?? 1;
  const agents = config.agents ?? 0;
  if (actual.serversCount !== servers) out.push(`servers: ${actual.serversCount} running, ${servers} in the config`);
  if (actual.agentsCount !== agents) out.push(`agents: ${actual.agentsCount} running, ${agents} in the config`);
  // k3d reports a node's image as docker's image ID (sha256:...) rather than its name; only a name compares.
  if (
    config.image &&
    actual.image &&
    !actual.image.startsWith('sha256:') &&
    actual.image !== config.image &&
    `docker.io/${config.image}` !== actual.image
  ) {
    out.push(`image: ${actual.image} running, ${config.image} in the config`);
  }
  if (config.network && actual.network && actual.network !== config.network) {
    out.push(`network: ${actual.network} running, ${config.network} in the config`);
  }
  const wanted = hostPortsOf(config).sort((a, b) => a - b);
  const running = actual.ports
    .map((p) => Number(p.split(':')[0]))
    .filter((p) => Number.isInteger(p))
    .sort((a, b) => a - b);
  if (wanted.join(',') !== running.join(',')) {
    out.push(`host ports: ${running.join(', ') || 'none'} running, ${wanted.join(', ') || 'none'} in the config`);
  }
  return out;
}

export function isRunning(cluster: K3dCluster): boolean {
  return cluster.serversRunning > 0 && cluster.serversRunning === cluster.serversCount;
}
