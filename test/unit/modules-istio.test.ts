import { describe, expect, it, test } from 'vitest';
import { ConfigError } from '../../lib/errors.js';
import { mkHelmChart } from '../../lib/modules/helm.js';
import { mkIstioBase, mkIstioGateway, mkIstiod, mkNamespace } from '../../lib/modules/istio.js';
import { toYaml } from '../../lib/yaml/write.js';
import { buildModel } from '../../lib/model/model.js';
import { validateConfig } from '../../config/validate.js';

describe('mkNamespace', () => {
  it('makes a v1 Namespace with only the metadata given', () => {
    expect(mkNamespace({ name: 'istio-system' })).toStrictEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'istio-system' },
    });
    const apps = mkNamespace({ name: 'apps', labels: { 'istio-injection': 'enabled' }, annotations: { owner: 'team-a' } });
    expect(toYaml(apps)).toBe(`apiVersion: v1
kind: Namespace
metadata:
  name: apps
  labels:
    istio-injection: enabled
  annotations:
    owner: team-a
`);
  });
});

describe('the Istio charts', () => {
  // version and repo stay unset so that the config's istio defaults (or
  // MESH_ISTIO_VERSION / MESH_ISTIO_REPO) decide them at load time.
  it.each([
    ['mkIstioBase', mkIstioBase, 'base', 'base', 'istio-base'],
    ['mkIstiod', mkIstiod, 'istiod', 'istiod', 'istiod'],
    ['mkIstioGateway', mkIstioGateway, 'gateway', 'gateway', 'istio-ingressgateway'],
  ] as const)('%s without arguments: chart %s, release %s in istio-system', (_, make, role, chart, release) => {
    const spec = make();
    expect(spec).toStrictEqual({ type: 'helm-chart', istio: role, name: release, chart, namespace: 'istio-system', values: {} });
    expect('version' in spec || 'repo' in spec).toBe(false);
  });

  it('takes the release name, namespace, version and repo given', () => {
    const gateway = mkIstioGateway({ name: 'edge', namespace: 'istio-ingress', version: '1.30.3', repo: 'http://127.0.0.1:8879' });
    expect(gateway).toStrictEqual({
      type: 'helm-chart',
      istio: 'gateway',
      name: 'edge',
      chart: 'gateway',
      namespace: 'istio-ingress',
      values: {},
      version: '1.30.3',
      repo: 'http://127.0.0.1:8879',
    });
  });

  it('passes values through untouched, the very object given', () => {
    const values = { pilot: { resources: { requests: { cpu: '500m', memory: '2Gi' } } }, meshConfig: { accessLogFile: '/dev/stdout' } };
    const before = structuredClone(values);
    const istiod = mkIstiod({ values });
    expect(istiod.values).toBe(values);
    expect(values).toEqual(before);
    expect(mkIstioBase({ values: { defaultRevision: 'default' } }).values).toStrictEqual({ defaultRevision: 'default' });
    expect(mkIstioGateway({ values: { service: { type: 'NodePort' } } }).values).toStrictEqual({ service: { type: 'NodePort' } });
  });
});

describe('mkHelmChart', () => {
  it('defaults the namespace to default, as Helm does, and sets nothing else', () => {
    expect(mkHelmChart({ name: 'web', chart: './charts/web' })).toStrictEqual({
      type: 'helm-chart',
      name: 'web',
      chart: './charts/web',
      namespace: 'default',
      values: {},
    });
  });

  it('carries each optional field only when it is given', () => {
    const full = mkHelmChart({
      name: 'podinfo',
      chart: 'oci://127.0.0.1:5000/charts/podinfo',
      version: '6.7.1',
      namespace: 'apps',
      values: { replicaCount: 2 },
      includeCrds: false,
      plainHttp: true,
      kubeVersion: '1.35.2',
    });
    expect(full).toStrictEqual({
      type: 'helm-chart',
      name: 'podinfo',
      chart: 'oci://127.0.0.1:5000/charts/podinfo',
      namespace: 'apps',
      values: { replicaCount: 2 },
      version: '6.7.1',
      includeCrds: false,
      plainHttp: true,
      kubeVersion: '1.35.2',
    });
    expect(Object.keys(mkHelmChart({ name: 'web', chart: 'web', repo: 'https://charts.example.com', includeCrds: true }))).toEqual([
      'type',
      'name',
      'chart',
      'namespace',
      'values',
      'repo',
      'includeCrds',
    ]);
    expect('istio' in full).toBe(false);
  });

  it("takes values files, kept as given, which the model resolves against the config's folder", () => {
    const config = {
      packages: {
        web: mkHelmChart({
          name: 'web',
          chart: 'web',
          repo: 'https://charts.example.com',
          valuesFiles: ['values/web.yaml', '/etc/web.yaml'],
        }),
        istiod: mkIstiod({ valuesFiles: ['istiod.yaml'] }),
      },
    };
    expect(config.packages.web.valuesFiles).toEqual(['values/web.yaml', '/etc/web.yaml']);
    expect(config.packages.istiod.valuesFiles).toEqual(['istiod.yaml']);
    const model = buildModel(validateConfig(config, 'mesh.config.ts'), '/p/mesh.config.ts', {}, {});
    const files = (name: string) => model.targets.find((t) => t.name === name)!;
    expect(files('web')).toMatchObject({ chart: { valuesFiles: ['/p/values/web.yaml', '/etc/web.yaml'] } });
    expect(files('istiod')).toMatchObject({ chart: { valuesFiles: ['/p/istiod.yaml'] } });
    expect(() => mkHelmChart({ name: 'web', chart: 'web', valueFiles: ['x.yaml'] } as never)).toThrow(/did you mean "valuesFiles"/);
  });
});

describe('the mk* functions refuse fields they do not take', () => {
  // A config runs without type checking; a dropped field would otherwise vanish silently.
  test.each([
    ['mkIstiod', () => mkIstiod({ namespce: 'x' } as never), 'mkIstiod(): unknown field "namespce"; did you mean "namespace"?'],
    ['mkIstioGateway', () => mkIstioGateway({ vaules: {} } as never), 'mkIstioGateway(): unknown field "vaules"; did you mean "values"?'],
    ['mkNamespace', () => mkNamespace({ name: 'a', lables: {} } as never), 'mkNamespace(): unknown field "lables"; did you mean "labels"?'],
    [
      'mkHelmChart',
      () => mkHelmChart({ name: 'a', chart: 'b', versoin: '1' } as never),
      'mkHelmChart(): unknown field "versoin"; did you mean "version"?',
    ],
  ])('%s', (_name, call, message) => {
    expect(call).toThrow(ConfigError);
    expect(call).toThrow(message);
  });
});
