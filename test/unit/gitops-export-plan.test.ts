import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/validate.js';
import { ConfigError } from '../../lib/errors.js';
import type { ManifestTarget } from '../../lib/model/targets.js';
import { planExport } from '../../lib/render/gitops/export-plan.js';
import { exportSource } from '../../lib/render/gitops/source.js';
import { toYamlStream } from '../../lib/yaml/write.js';

const chart = (name: string, namespace: string, needs: string[] = []): ManifestTarget => ({
  kind: 'chart',
  name,
  role: 'chart',
  namespaces: [namespace],
  needs,
  chart: { type: 'helm-chart', name, chart: `./${name}`, namespace, values: {} },
});

const crd = (kind: string, group: string, scope: 'Cluster' | 'Namespaced') => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${kind.toLowerCase()}s.${group}` },
  spec: { group, scope, names: { kind, plural: `${kind.toLowerCase()}s` }, versions: [] },
});

describe('the GitOps export plan', () => {
  const targets = [chart('crds', 'ops'), chart('app', 'apps', ['crds']), chart('late', 'apps', ['app'])];
  const rendered = new Map([
    ['crds', toYamlStream([crd('Policy', 'example.com', 'Cluster'), crd('Backup', 'example.com', 'Namespaced')])],
    [
      'app',
      toYamlStream([
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' } },
        { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'elsewhere', namespace: 'other' } },
        { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name: 'wide' } },
        { apiVersion: 'example.com/v1', kind: 'Policy', metadata: { name: 'cluster-policy' } },
        { apiVersion: 'example.com/v1', kind: 'Backup', metadata: { name: 'nightly' } },
        { apiVersion: 'unknown.example.org/v1', kind: 'Thing', metadata: { name: 'unknown' } },
        { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'smoke', annotations: { 'helm.sh/hook': 'test' } } },
        { apiVersion: 'batch/v1', kind: 'Job', metadata: { name: 'migrate', annotations: { 'helm.sh/hook': 'pre-install' } } },
      ]),
    ],
    ['late', ''],
  ]);
  const [cluster] = planExport([{ name: 'c', targets: ['crds', 'app', 'late'] }], targets, rendered, [], () => undefined);

  it('places only namespaced objects that name no namespace, by the CRDs in the render set and Kubernetes’ own kinds', () => {
    const app = cluster!.targets.find((t) => t.name === 'app')!;
    expect(app.docs.map((d) => `${d.object.kind}/${d.object.metadata?.namespace ?? '-'}/${d.object.metadata?.name}`)).toEqual([
      'ConfigMap/apps/plain',
      'ConfigMap/other/elsewhere',
      'ClusterRole/-/wide',
      'Policy/-/cluster-policy',
      'Backup/apps/nightly',
      'Thing/-/unknown',
      'Job/apps/migrate',
    ]);
    // Written in right after the name, the rest as it was.
    expect(app.docs[0]!.text).toBe('apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: plain\n  namespace: apps\n');
  });

  it('gives each target the wave after the last one it needs, and the namespaces nobody creates', () => {
    expect(cluster!.targets.map((t) => [t.name, t.wave, t.needs])).toEqual([
      ['crds', 1, []],
      ['app', 2, ['crds']],
      ['late', 3, ['app']],
    ]);
    expect(cluster!.namespaces).toEqual(['apps', 'ops', 'other']);
  });

  it('finds the folder’s path in the repository from the Git checkout, unless the config gives it', () => {
    expect(exportSource({}, '/nowhere/infra/deploy', '/nowhere/infra').path).toBe('deploy');
    expect(exportSource({ path: './gitops/' }, '/x/deploy', '/x')).toMatchObject({ path: 'gitops', revision: 'HEAD' });
  });

  it('refuses a misspelt gitops field with a did-you-mean', () => {
    try {
      validateConfig({ gitops: { rpo: 'https://x' } }, 'mesh.config.ts');
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain('gitops.rpo: unknown field; did you mean "repo"?');
    }
  });
});
