import { describe, expect, it } from 'vitest';
import { validateConfig } from '../../config/validate.js';
import { configProblems } from '../helpers/config-problems.js';
import { buildModel } from '../../lib/model/model.js';
import { mkExistingCluster } from '../../lib/modules/existing-cluster.js';
import { mkClusterConfig } from '../../lib/modules/k3d.js';
import { mkPXCServiceEntry } from '../../lib/modules/pxc-service-entry.js';
import type { MeshConfig } from '../../lib/modules/types.js';
import type { ManifestTarget } from '../../lib/model/targets.js';
import { accessNeeded } from '../../lib/lifecycle/access-checks.js';
import { toYamlStream } from '../../lib/yaml/write.js';

const load = (config: MeshConfig) => buildModel(validateConfig(config, 'mesh.config.ts'), '/p/mesh.config.ts', { HOME: '/home/me' }, {});

const problems = (config: unknown) => configProblems(config as Record<string, unknown>);

describe('existing clusters in the config', () => {
  it('takes a context and an optional kubeconfig file, relative to the config or to ~', () => {
    const model = load({
      clusters: {
        dev: mkClusterConfig(),
        prod: mkExistingCluster({ context: 'prod-eks' }),
        staging: mkExistingCluster({ context: 'gke_staging', kubeconfig: './kube/staging.yaml' }),
        lab: mkExistingCluster({ context: 'lab', kubeconfig: '~/.kube/lab' }),
      },
    });
    expect(model.clusters.map((c) => [c.name, c.kind, c.context, c.kind === 'existing' ? c.kubeconfig : c.hostPorts])).toEqual([
      ['dev', 'k3d', 'k3d-dev', [80, 443]],
      ['prod', 'existing', 'prod-eks', undefined],
      ['staging', 'existing', 'gke_staging', '/p/kube/staging.yaml'],
      ['lab', 'existing', 'lab', '/home/me/.kube/lab'],
    ]);
  });

  it('refuses a misspelt field and a missing context, naming the cluster', () => {
    expect(problems({ clusters: { prod: { type: 'existing-cluster', contxt: 'prod-eks' } } })).toEqual([
      'clusters.prod.context: required: expected a string',
      'clusters.prod.contxt: unknown field; did you mean "context"?',
    ]);
  });

  it('refuses an entry that reaches, or is sent to, an existing cluster: its node addresses cannot be looked up', () => {
    const entry = mkPXCServiceEntry({
      name: 'pxc-source',
      namespace: 'db',
      remoteClusterName: 'prod',
      source: { namespace: 'pxc', service: 'haproxy' },
    });
    const found = problems({
      clusters: { dev: mkClusterConfig(), prod: mkExistingCluster({ context: 'prod-eks' }) },
      packages: { e: entry },
      deploy: { prod: [] },
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(
      /^packages\.e\.metadata\.annotations\["k3d-mesh\.dev\/endpoints-from"\]: prod is an existing cluster, whose node addresses mesh cannot look up/,
    );
  });
});

describe('the permissions deploy needs', () => {
  it('asks for every kind it applies where it applies it, by plural, and a custom kind by its CRD’s plural', () => {
    const text = toYamlStream([
      {
        apiVersion: 'apiextensions.k8s.io/v1',
        kind: 'CustomResourceDefinition',
        metadata: { name: 'widgets.example.com' },
        spec: { group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' }, versions: [] },
      },
      { apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' } },
      { apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', metadata: { name: 'np', namespace: 'other' } },
      { apiVersion: 'v1', kind: 'Pod', metadata: { name: 't', annotations: { 'helm.sh/hook': 'test' } } },
    ]);
    const target: ManifestTarget = {
      kind: 'chart',
      name: 'app',
      role: 'chart',
      namespaces: ['apps'],
      needs: [],
      chart: { type: 'helm-chart', name: 'app', chart: './app', namespace: 'apps', values: {} },
    };
    const asked = accessNeeded([target], new Map([['app', text]])).map((a) => `${a.verb} ${a.resource} ${a.namespace ?? '*'}`);
    expect(asked).toContain('create customresourcedefinitions.apiextensions.k8s.io *');
    expect(asked).toContain('patch widgets.example.com apps');
    expect(asked).toContain('patch networkpolicies.networking.k8s.io other');
    expect(asked).toContain('patch configmaps kube-system');
    expect(asked.some((a) => a.includes('pods'))).toBe(false);
    expect(new Set(asked).size).toBe(asked.length);
  });
});
