import { hostPortsOf } from '../model/host-ports.js';
import type { K3dCluster } from '../tools/k3d/types.js';
import type { K3dSimpleConfig } from '../modules/types.js';

/**
 * What differs between a running cluster and its config, in the terms k3d
 * reports: node counts, image, network and host ports. Empty when the
 * cluster matches as far as k3d can tell.
 */
export function clusterDifferences(config: K3dSimpleConfig, actual: K3dCluster, serverImage?: string): string[] {
  const out: string[] = [];
  const servers = config.servers ?? 1;
  const agents = config.agents ?? 0;
  if (actual.serversCount !== servers) out.push(`servers: ${actual.serversCount} running, ${servers} in the config`);
  if (actual.agentsCount !== agents) out.push(`agents: ${actual.agentsCount} running, ${agents} in the config`);
  // k3d reports a node's image as docker's image ID (sha256:...); the name it was created from comes from the container.
  const image = serverImage ?? (actual.image?.startsWith('sha256:') ? undefined : actual.image);
  if (config.image && image && normalImage(image) !== normalImage(config.image)) {
    out.push(`image: ${image} running, ${config.image} in the config`);
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

// `rancher/k3s:v1` and `docker.io/rancher/k3s:v1` name the same image.
function normalImage(reference: string): string {
  const withRegistry = /^[^/]+[.:][^/]*\//.test(reference) || reference.startsWith('localhost/') ? reference : `docker.io/${reference}`;
  return withRegistry.replace(/^docker\.io\/(?!library\/)([^/]+)$/, 'docker.io/library/$1');
}

export function isRunning(cluster: K3dCluster): boolean {
  return cluster.serversRunning > 0 && cluster.serversRunning === cluster.serversCount;
}
