import { ConfigError } from '../../errors.js';
import { toYaml } from '../../yaml/write.js';
import type { OutputFile } from '../output/write.js';
import type { ClusterExport, ExportedTarget } from './export-plan.js';
import { kustomization, namespacesDir, targetDir } from './kustomize.js';
import { inRepo, type ExportSource } from './source.js';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);
const NAMESPACES = 'mesh-namespaces';

/**
 * Flux's Kustomizations, per cluster in `flux/<cluster>/`: one per target,
 * reading its folder from the config's source, after what it needs
 * (`dependsOn`), and ready once what `mesh deploy` waits for is ready
 * (`healthChecks`: CRDs, Deployments, StatefulSets, DaemonSets).
 * `flux/<cluster>/kustomization.yaml` lists them, for the cluster's Flux.
 */
export function fluxFiles(clusters: readonly ClusterExport[], source: ExportSource, waitSeconds: number | undefined): OutputFile[] {
  const flux = source.gitops.flux ?? {};
  const namespace = flux.namespace ?? 'flux-system';
  const sourceRef = {
    kind: flux.source?.kind ?? 'GitRepository',
    name: flux.source?.name ?? 'flux-system',
    ...optional('namespace', flux.source?.namespace),
  };
  const kustomizationOf = (name: string, path: string, dependsOn: readonly string[], healthChecks: readonly object[]) => ({
    apiVersion: 'kustomize.toolkit.fluxcd.io/v1',
    kind: 'Kustomization',
    metadata: { name, namespace },
    spec: {
      interval: flux.interval ?? '10m',
      path: `./${inRepo(source, path)}`,
      prune: true,
      sourceRef,
      ...(dependsOn.length > 0 ? { dependsOn: dependsOn.map((n) => ({ name: n })) } : {}),
      ...(healthChecks.length > 0 ? { healthChecks } : {}),
      timeout: `${waitSeconds ?? 300}s`,
    },
  });
  const files: OutputFile[] = [];
  for (const cluster of clusters) {
    if (cluster.targets.some((t) => t.name === NAMESPACES) && cluster.namespaces.length > 0) {
      throw new ConfigError(`--format flux: the target "${NAMESPACES}" has the name mesh gives the namespaces it creates`, {
        hint: 'rename the target',
      });
    }
    const listed: string[] = [];
    const put = (name: string, object: object) => {
      files.push({ path: `flux/${cluster.name}/${name}.yaml`, content: toYaml(object) });
      listed.push(`${name}.yaml`);
    };
    const first = cluster.namespaces.length > 0 ? [NAMESPACES] : [];
    if (first.length > 0) put(NAMESPACES, kustomizationOf(NAMESPACES, namespacesDir(cluster.name), [], []));
    for (const target of cluster.targets) {
      put(target.name, kustomizationOf(target.name, targetDir(target.name), [...first, ...target.needs], healthChecks(target)));
    }
    files.push({ path: `flux/${cluster.name}/kustomization.yaml`, content: kustomization(listed) });
  }
  return files;
}

function healthChecks(target: ExportedTarget): object[] {
  return target.docs
    .map((d) => d.object)
    .filter((o) => o.kind === 'CustomResourceDefinition' || WORKLOADS.has(o.kind ?? ''))
    .map((o) => ({ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata?.name, ...optional('namespace', o.metadata?.namespace) }));
}

function optional(key: string, value: string | undefined): Record<string, string> {
  return value === undefined ? {} : { [key]: value };
}
