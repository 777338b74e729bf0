import { ConfigError } from '../../errors.js';
import { toYaml } from '../../yaml/write.js';
import type { OutputFile } from '../output/write.js';
import type { ClusterExport } from './export-plan.js';
import { namespacesDir, targetDir } from './kustomize.js';
import { inRepo, type ExportSource } from './source.js';

const WAVE = 'argocd.argoproj.io/sync-wave';

/**
 * Argo CD's app of apps, per cluster: `argocd/<cluster>.yaml` is the root
 * Application, which syncs the folder `argocd/<cluster>/` of one Application
 * per target. Sync waves follow apply order: the namespaces mesh creates
 * first, then each target one wave after the last one it needs. Argo CD
 * waits between waves only for Applications that report health, which it
 * stopped doing by default in 1.8: `argocd/argocd-cm-patch.yaml` turns it on.
 */
export function argocdFiles(clusters: readonly ClusterExport[], source: ExportSource): OutputFile[] {
  const repo = source.repo;
  if (repo === undefined) {
    throw new ConfigError('--format argocd: the config does not say which Git repository Argo CD reads (gitops.repo)', {
      hint: "add gitops: { repo: 'https://github.com/you/infra.git' } to the config; gitops.path and gitops.revision say where in it",
    });
  }
  const argo = source.gitops.argocd ?? {};
  const namespace = argo.namespace ?? 'argocd';
  const app = (name: string, wave: number | undefined, path: string, destination: Record<string, string>) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name, namespace, ...(wave === undefined ? {} : { annotations: { [WAVE]: String(wave) } }) },
    spec: {
      project: argo.project ?? 'default',
      source: { repoURL: repo, targetRevision: source.revision, path: inRepo(source, path) },
      destination,
      syncPolicy: {
        automated: { prune: true, selfHeal: true },
        // Server-side, as mesh applies: large CRDs do not fit the last-applied annotation.
        // A custom resource whose CRD the same sync brings cannot be dry-run before it.
        syncOptions: ['ServerSideApply=true', 'SkipDryRunOnMissingResource=true'],
      },
    },
  });
  const files: OutputFile[] = [];
  const names = new Map<string, string>();
  const claim = (name: string, what: string) => {
    const other = names.get(name);
    if (other !== undefined)
      throw new ConfigError(`--format argocd: ${what} and ${other} would both be the Application "${name}"`, {
        hint: 'rename one of the clusters or targets',
      });
    names.set(name, what);
  };
  for (const cluster of clusters) {
    const destination = argo.destinations?.[cluster.name] ?? (cluster.name === 'default' ? 'in-cluster' : cluster.name);
    claim(cluster.name, `cluster ${cluster.name}`);
    files.push(
      file(`argocd/${cluster.name}.yaml`, app(cluster.name, undefined, `argocd/${cluster.name}`, { name: 'in-cluster', namespace })),
    );
    if (cluster.namespaces.length > 0) {
      claim(`${cluster.name}-namespaces`, `the namespaces of ${cluster.name}`);
      files.push(
        file(
          `argocd/${cluster.name}/namespaces.yaml`,
          app(`${cluster.name}-namespaces`, 0, namespacesDir(cluster.name), { name: destination }),
        ),
      );
    }
    for (const target of cluster.targets) {
      claim(`${cluster.name}-${target.name}`, `target ${target.name} of ${cluster.name}`);
      const where = { name: destination, ...(target.namespace === undefined ? {} : { namespace: target.namespace }) };
      files.push(
        file(
          `argocd/${cluster.name}/${target.name}.yaml`,
          app(`${cluster.name}-${target.name}`, target.wave, targetDir(target.name), where),
        ),
      );
    }
  }
  files.push(
    file('argocd/argocd-cm-patch.yaml', toYaml({ data: { 'resource.customizations.health.argoproj.io_Application': APPLICATION_HEALTH } })),
  );
  return files;
}

// An Application is as healthy as it says it is; until it says, it is still progressing.
const APPLICATION_HEALTH = [
  'hs = { status = "Progressing", message = "" }',
  'if obj.status ~= nil and obj.status.health ~= nil then',
  '  hs.status = obj.status.health.status',
  '  hs.message = obj.status.health.message or ""',
  'end',
  'return hs',
  '',
].join('\n');

function file(path: string, object: unknown): OutputFile {
  return { path, content: typeof object === 'string' ? object : toYaml(object) };
}
