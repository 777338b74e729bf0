import { describe, expect, test } from 'vitest';
import { validateConfig } from '../../config/validate.js';
import { buildModel } from '../../lib/model/model.js';
import { mkHelmChart } from '../../lib/modules/helm.js';
import { mkNamespace } from '../../lib/modules/istio.js';
import { mkClusterConfig } from '../../lib/modules/k3d.js';
import { mkPXCServiceEntry } from '../../lib/modules/pxc-service-entry.js';
import { ConfigError } from '../../lib/errors.js';

const REPO = 'https://percona.github.io/percona-helm-charts';
const operator = () => mkHelmChart({ name: 'pxc-operator', chart: 'pxc-operator', repo: REPO, namespace: 'db' });
const db = (needs = ['pxc-operator']) => mkHelmChart({ name: 'pxc-db', chart: 'pxc-db', repo: REPO, namespace: 'db', needs });

function model(config: Parameters<typeof validateConfig>[0]) {
  return buildModel(validateConfig(config, 'mesh.config.ts'), '/p/mesh.config.ts', {}, {});
}

function problems(config: Parameters<typeof validateConfig>[0]): string {
  try {
    model(config);
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  return '';
}

describe('needs: targets applied first, declared on any mk* function', () => {
  test('a chart that needs another is applied after it, whatever the order of declaration', () => {
    const m = model({ packages: { 'pxc-db': db(), 'pxc-operator': operator() } });
    expect(m.targets.map((t) => [t.name, t.needs])).toEqual([
      ['pxc-operator', []],
      ['pxc-db', ['pxc-operator']],
    ]);
  });

  test('a cluster that gets pxc-db gets what it needs', () => {
    const m = model({
      clusters: { a: mkClusterConfig(), b: mkClusterConfig() },
      packages: { 'pxc-operator': operator(), 'pxc-db': db() },
      deploy: { a: [], b: ['pxc-db'] },
    });
    expect(m.clusters.map((c) => [c.name, c.targets])).toEqual([
      ['a', []],
      ['b', ['pxc-operator', 'pxc-db']],
    ]);
  });

  test('objects carry their needs too, outside what is applied', () => {
    const ns = mkNamespace({ name: 'monitoring', needs: ['pxc-operator'] });
    expect(JSON.parse(JSON.stringify(ns))).toEqual({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'monitoring' } });
    const entry = mkPXCServiceEntry({
      name: 'pxc',
      remoteClusterName: 'b',
      remoteEndpoints: [{ address: '172.28.0.3', port: 30306 }],
      needs: ['pxc-operator'],
    });
    const m = model({ packages: { entry, ns, 'pxc-operator': operator() } });
    // mesh-dns, CoreDNS's rewrite of the cross-cluster host, is mesh's own need.
    expect(m.targets.find((t) => t.name === 'entry')?.needs).toEqual(['pxc-operator', 'mesh-dns']);
    expect(m.targets.find((t) => t.name === 'ns')?.needs).toEqual(['pxc-operator']);
  });

  test('a need that names no target is a config error with a did-you-mean; so is a target needing itself', () => {
    expect(problems({ packages: { 'pxc-operator': operator(), 'pxc-db': db(['pxc-operater']) } })).toContain(
      'packages.pxc-db.needs[0]: no target "pxc-operater" in packages; did you mean "pxc-operator"?',
    );
    expect(problems({ packages: { 'pxc-db': db(['pxc-db']) } })).toContain('packages.pxc-db.needs[0]: "pxc-db" cannot need itself');
  });

  test('needs that go round in a cycle are refused, naming the targets', () => {
    const a = mkHelmChart({ name: 'a', chart: 'a', repo: REPO, needs: ['b'] });
    const b = mkHelmChart({ name: 'b', chart: 'b', repo: REPO, needs: ['a'] });
    expect(problems({ packages: { a, b } })).toMatch(/targets need each other in a cycle:\n {2}a needs b\n {2}b needs a/);
  });

  test('a JSON or YAML config says the same with a chart field', () => {
    const chart = { type: 'helm-chart', name: 'pxc-db', chart: 'pxc-db', repo: REPO, namespace: 'db', values: {}, needs: ['pxc-operator'] };
    const m = model({ packages: { 'pxc-db': chart as never, 'pxc-operator': operator() } });
    expect(m.targets.map((t) => t.name)).toEqual(['pxc-operator', 'pxc-db']);
  });

  test("an object helper's needs that is not a list is refused where it is given, not read letter by letter", () => {
    expect(() => mkNamespace({ name: 'db', needs: 'pxc-operator' as never })).toThrow(
      'mkNamespace(): needs: expected a list, found string "pxc-operator"',
    );
  });
});
