import { describe, expect, it } from 'vitest';
import { cleanUpProjects, configError, load, project, tsConfig } from '../helpers/config-project.js';

cleanUpProjects();

const IMPORTS = ['mkClusterConfig', 'mkHelmChart', 'mkIstioBase', 'mkIstiod', 'mkIstioGateway', 'mkNamespace', 'mkServiceEntry'];

// Declared back to front on purpose: the order comes from what each target is.
const PACKAGES = `{
    'se-b': mkServiceEntry({ name: 'b', hosts: ['b.global'], resolution: 'DNS', namespace: 'apps' }),
    'se-a': mkServiceEntry({ name: 'a', hosts: ['a.global'], resolution: 'DNS' }),
    web: mkHelmChart({ name: 'web', chart: './web', namespace: 'apps' }),
    api: mkHelmChart({ name: 'api', chart: './api' }),
    gateway: mkIstioGateway(),
    istiod: mkIstiod(),
    'istio-base': mkIstioBase(),
    apps: mkNamespace({ name: 'apps' }),
    'istio-system': mkNamespace({ name: 'istio-system' }),
  }`;

async function model(extra = '') {
  const body = `{\n  clusters: { east: mkClusterConfig(), west: mkClusterConfig() },\n  packages: ${PACKAGES},${extra}\n}`;
  return (await load(project({ 'mesh.config.ts': tsConfig(IMPORTS, body) }))).model;
}

describe('apply order', () => {
  it('goes namespaces, CRDs, istiod, gateways, charts, service entries; ties as declared', async () => {
    const { targets } = await model();
    expect(targets.map((t) => `${t.name}:${t.role}`)).toEqual([
      'apps:namespace',
      'istio-system:namespace',
      'istio-base:crds',
      'istiod:control-plane',
      'gateway:gateway',
      'web:chart',
      'api:chart',
      'se-b:service-entry',
      'se-a:service-entry',
    ]);
  });

  it('infers what each target needs', async () => {
    const needs = Object.fromEntries((await model()).targets.map((t) => [t.name, [...t.needs].sort()]));
    expect(needs).toEqual({
      apps: [],
      'istio-system': [],
      'istio-base': ['istio-system'],
      istiod: ['istio-base', 'istio-system'],
      gateway: ['istio-base', 'istio-system', 'istiod'],
      web: ['apps'],
      api: [],
      'se-b': ['apps', 'istio-base'],
      'se-a': ['istio-base'],
    });
  });

  it('gives every cluster every target, unless deploy lists its own (with what those need)', async () => {
    const { clusters } = await model("\n  deploy: { west: ['se-a', 'web', 'apps'] },");
    expect(clusters.map((c) => [c.name, c.targets])).toEqual([
      ['east', ['apps', 'istio-system', 'istio-base', 'istiod', 'gateway', 'web', 'api', 'se-b', 'se-a']],
      ['west', ['apps', 'istio-system', 'istio-base', 'web', 'se-a']],
    ]);
    expect(clusters.map((c) => c.context)).toEqual(['k3d-east', 'k3d-west']);
  });

  it('puts a namespace created in a mixed list before what lives in it', async () => {
    const body = `{ packages: {
      web: mkHelmChart({ name: 'web', chart: './web', namespace: 'shop' }),
      setup: [{ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'default' } }, mkNamespace({ name: 'shop' })],
    } }`;
    const { targets } = (await load(project({ 'mesh.config.ts': tsConfig(IMPORTS, body) }))).model;
    expect(targets.map((t) => [t.name, t.role, t.needs])).toEqual([
      ['setup', 'objects', []],
      ['web', 'chart', ['setup']],
    ]);
  });

  it('refuses targets that need each other', async () => {
    const body = `{ packages: {
      a: [mkNamespace({ name: 'ns-a' }), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns-b' } }],
      b: [mkNamespace({ name: 'ns-b' }), { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'c', namespace: 'ns-a' } }],
    } }`;
    const error = await configError(load(project({ 'mesh.config.ts': tsConfig(IMPORTS, body) })));
    expect(error.message).toBe('targets need each other in a cycle:\n  a needs b\n  b needs a');
  });
});
