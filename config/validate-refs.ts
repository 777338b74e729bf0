import { ENDPOINTS_FROM, refOf } from '../lib/modules/remote-ref.js';
import { isClusterScript, isHelmChart, type KubernetesObject } from '../lib/modules/types.js';
import type { ValidCluster, ValidConfig } from '../lib/model/valid-config.js';
import { suggestOrList } from '../lib/text/suggest.js';
import type { Problem } from '../lib/text/problem.js';

/**
 * A ServiceEntry that reaches a service in another cluster names a cluster of
 * this config, never one it is deployed to itself, and the two clusters can
 * share a docker network: their explicit networks, if any, are the same.
 */
export function validateRemoteRefs(
  packages: ValidConfig['packages'],
  clusters: readonly ValidCluster[],
  deploy: Record<string, string[]>,
  problems: Problem[],
): void {
  const names = clusters.map((c) => c.name);
  const receivers = (target: string) => names.filter((c) => !deploy[c] || deploy[c].includes(target));
  for (const { name, pkg } of packages) {
    if (isHelmChart(pkg) || isClusterScript(pkg)) continue;
    const objects = (Array.isArray(pkg) ? pkg : [pkg]) as KubernetesObject[];
    objects.forEach((object, i) => {
      const ref = refOf(object);
      if (ref === undefined) return;
      const path = ['packages', name, ...(Array.isArray(pkg) ? [i] : []), 'metadata', 'annotations', ENDPOINTS_FROM];
      if (typeof ref === 'string') return void problems.push({ path, message: ref });
      if (!names.includes(ref.cluster)) {
        return void problems.push({ path, message: `no cluster "${ref.cluster}" in clusters${suggestOrList(ref.cluster, names)}` });
      }
      // Another cluster's node addresses come from its docker network: only k3d clusters have one.
      const existing = [ref.cluster, ...receivers(name)].filter((c) => clusters.find((k) => k.name === c)?.kind === 'existing');
      if (existing.length > 0) {
        return void problems.push({
          path,
          message: `${existing.join(' and ')} ${existing.length > 1 ? 'are' : 'is an'} existing cluster${existing.length > 1 ? 's' : ''}, whose node addresses mesh cannot look up; give the entry fixed endpoints (mkServiceEntry \`endpoints\`) instead of endpointsFrom`,
        });
      }
      const self = receivers(name).includes(ref.cluster);
      if (self) {
        problems.push({
          path,
          message: `"${name}" is deployed to ${ref.cluster} itself, which reaches its own services by their cluster names; send it only to the clusters that need ${ref.cluster}'s service (deploy: { ... })`,
        });
      }
      const network = (cluster: string) => {
        const found = clusters.find((c) => c.name === cluster);
        return found?.kind === 'k3d' ? found.config.network : undefined;
      };
      for (const consumer of receivers(name).filter((c) => c !== ref.cluster)) {
        const [a, b] = [network(consumer), network(ref.cluster)];
        if (a && b && a !== b) {
          problems.push({
            path,
            message: `${consumer} (network "${a}") cannot reach ${ref.cluster}'s nodes (network "${b}"); put both on one network, or leave network unset and mesh gives them one`,
          });
        }
      }
    });
  }
}
