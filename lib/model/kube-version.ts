import type { ManifestTarget } from './targets.js';

/** `rancher/k3s:v1.35.2-k3s1` → `v1.35.2`: the Kubernetes a k3s image runs. */
export function k3sKubeVersion(image: string | undefined): string | undefined {
  const version = /:v(\d+\.\d+\.\d+)[-+]k3s\d*/.exec(image ?? '')?.[1];
  return version === undefined ? undefined : `v${version}`;
}

/**
 * Charts see `.Capabilities.KubeVersion` of the clusters they go to: the
 * Kubernetes of the clusters' k3s image, when every cluster that gets the
 * chart runs the same one. A chart's own `kubeVersion` always wins; with no
 * cluster, or clusters that differ, helm's default stays.
 */
export function applyClusterKubeVersions(
  targets: ManifestTarget[],
  clusters: ReadonlyArray<{ image: string | undefined; targets: readonly string[] }>,
): void {
  for (const target of targets) {
    if (target.kind !== 'chart' || target.chart.kubeVersion !== undefined) continue;
    const versions = new Set(clusters.filter((c) => c.targets.includes(target.name)).map((c) => k3sKubeVersion(c.image)));
    const [only] = versions;
    if (versions.size === 1 && only !== undefined) target.chart.kubeVersion = only;
  }
}
