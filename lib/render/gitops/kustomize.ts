import { documentStream } from '../documents.js';
import { namespaceObjects } from '../../deploy/implicit-namespaces.js';
import { toYaml, toYamlStream } from '../../yaml/write.js';
import type { OutputFile } from '../output/write.js';
import type { ClusterExport } from './export-plan.js';

/** Where each exported folder sits, relative to the output folder. */
export const targetDir = (target: string) => `targets/${target}`;
export const namespacesDir = (cluster: string) => `clusters/${cluster}/namespaces`;
export const clusterDir = (cluster: string) => `clusters/${cluster}`;

/**
 * The plain kustomize layout, which the Argo CD and Flux exports point at:
 *   targets/<target>/              one target's objects, shared by every cluster that gets it
 *   clusters/<cluster>/            everything the cluster gets, in apply order
 *   clusters/<cluster>/namespaces/ namespaces its targets live in that none creates
 * `kubectl kustomize clusters/<cluster>` prints what `mesh deploy` applies there:
 * `sortOptions: fifo` keeps mesh's order instead of kustomize's own by kind.
 */
export function kustomizeFiles(clusters: readonly ClusterExport[]): OutputFile[] {
  const files = new Map<string, OutputFile>();
  const add = (path: string, content: string) => files.set(path, { path, content });
  for (const cluster of clusters) {
    for (const target of cluster.targets) {
      if (files.has(`${targetDir(target.name)}/kustomization.yaml`)) continue;
      const resources = target.docs.length > 0 ? ['manifest.yaml'] : [];
      if (resources.length > 0) add(`${targetDir(target.name)}/manifest.yaml`, documentStream(target.docs.map((d) => d.text)));
      add(`${targetDir(target.name)}/kustomization.yaml`, kustomization(resources));
    }
    const resources = cluster.targets.map((t) => `../../${targetDir(t.name)}`);
    if (cluster.namespaces.length > 0) {
      add(`${namespacesDir(cluster.name)}/namespaces.yaml`, toYamlStream(namespaceObjects(cluster.namespaces)));
      add(`${namespacesDir(cluster.name)}/kustomization.yaml`, kustomization(['namespaces.yaml']));
      resources.unshift('namespaces');
    }
    add(`${clusterDir(cluster.name)}/kustomization.yaml`, kustomization(resources, true));
  }
  return [...files.values()];
}

export function kustomization(resources: readonly string[], keepOrder = false): string {
  return toYaml({
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
    ...(keepOrder ? { sortOptions: { order: 'fifo' } } : {}),
  });
}
