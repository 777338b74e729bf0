import { describe, expect, test } from 'vitest';
import { validateConfig } from '../../config/validate.js';
import { ConfigError } from '../../lib/errors.js';
import { buildModel } from '../../lib/model/model.js';
import { localServiceName } from '../../lib/model/cluster-dns.js';
import { mkClusterConfig } from '../../lib/modules/k3d.js';
import { mkPXCServiceEntry } from '../../lib/modules/pxc-service-entry.js';
import { mkServiceEntry } from '../../lib/modules/service-entry.js';
import type { KubernetesObject, MeshConfig } from '../../lib/modules/types.js';

const load = (config: MeshConfig) => buildModel(validateConfig(config, 'mesh.config.ts'), '/p/mesh.config.ts', {}, {});

function problems(config: MeshConfig): string[] {
  try {
    load(config);
  } catch (error) {
    if (error instanceof ConfigError) return error.message.split('\n').map((l) => l.trim());
    throw error;
  }
  return [];
}

const source = (extra: Record<string, unknown> = {}) =>
  mkPXCServiceEntry({
    name: 'pxc-source',
    namespace: 'db',
    remoteClusterName: 'cluster-b',
    source: { namespace: 'pxc', service: 'pxc-db-haproxy', ...extra },
  });

const two = (packages: MeshConfig['packages'], clusters: MeshConfig['clusters'] = {}): MeshConfig => ({
  clusters: { 'cluster-a': mkClusterConfig(), 'cluster-b': mkClusterConfig(), ...clusters },
  packages,
  deploy: { 'cluster-a': Object.keys(packages ?? {}), 'cluster-b': [] },
});

function objects(config: MeshConfig, target: string): KubernetesObject[] {
  const t = load(config).targets.find((x) => x.name === target);
  return t?.kind === 'objects' ? t.objects : [];
}

describe('a ServiceEntry that reaches a service in another cluster', () => {
  test('carries the reference as annotations, without endpoints, in the form a YAML config can write too', () => {
    const entry = source({ expose: true });
    expect(entry.metadata.annotations).toEqual({
      'k3d-mesh.dev/endpoints-from': 'cluster-b/pxc/pxc-db-haproxy:3306',
      'k3d-mesh.dev/expose': 'true',
    });
    expect((entry.spec as { endpoints?: unknown }).endpoints).toBeUndefined();
    expect((entry.spec as { hosts: string[] }).hosts).toEqual(['pxc-source.cluster-b.global']);
  });

  test('is refused where it is given when it cannot work', () => {
    const base = { name: 'x', hosts: ['x.b.global'], ports: [{ number: 3306, name: 'tcp' }] };
    const ref = { cluster: 'b', service: 's', port: 3306 };
    expect(() => mkServiceEntry({ ...base, resolution: 'DNS', endpointsFrom: ref })).toThrow(
      'mkServiceEntry() x: endpointsFrom gives addresses, so resolution must be "STATIC", found "DNS"',
    );
    expect(() => mkServiceEntry({ ...base, resolution: 'STATIC', endpoints: [{ address: '1.2.3.4' }], endpointsFrom: ref })).toThrow(
      'endpointsFrom and endpoints both say where the service is; keep one',
    );
    expect(() => mkServiceEntry({ ...base, ports: [], resolution: 'STATIC', endpointsFrom: ref })).toThrow(
      'needs exactly one in ports, found 0',
    );
    expect(() => mkServiceEntry({ ...base, resolution: 'STATIC', endpointsFrom: { ...ref, port: 70000 } })).toThrow(
      'mkServiceEntry(): endpointsFrom.port: expected a number <= 65535, found number 70000',
    );
    expect(() =>
      mkPXCServiceEntry({
        name: 'p',
        remoteClusterName: 'b',
        remoteEndpoints: [{ address: '1.2.3.4', port: 1 }],
        source: { service: 's' },
      }),
    ).toThrow('mkPXCServiceEntry() p: takes remoteEndpoints or source, not both');
    expect(() => mkPXCServiceEntry({ name: 'p', remoteClusterName: 'b', port: 'three' as never, remoteEndpoints: [] })).toThrow(
      /^mkPXCServiceEntry\(\): remoteEndpoints: expected .*; port: expected a number, found string "three"$/,
    );
  });

  test('names a cluster of the config, never the one it is deployed to, and clusters on different networks cannot meet', () => {
    const misspelt = mkPXCServiceEntry({ name: 'p', remoteClusterName: 'cluster-c', source: { cluster: 'cluster-bb', service: 's' } });
    expect(problems(two({ p: misspelt }))).toContain(
      'packages.p.metadata.annotations["k3d-mesh.dev/endpoints-from"]: no cluster "cluster-bb" in clusters; did you mean "cluster-b"?',
    );
    expect(problems({ ...two({ p: source() }), deploy: {} })).toContain(
      `packages.p.metadata.annotations["k3d-mesh.dev/endpoints-from"]: "p" is deployed to cluster-b itself, which reaches its own services by their cluster names; send it only to the clusters that need cluster-b's service (deploy: { ... })`,
    );
    const apart = two(
      { p: source() },
      { 'cluster-a': mkClusterConfig({ network: 'one' }), 'cluster-b': mkClusterConfig({ network: 'two' }) },
    );
    expect(problems(apart).join('\n')).toContain(
      'cluster-a (network "one") cannot reach cluster-b\'s nodes (network "two"); put both on one network, or leave network unset and mesh gives them one',
    );
    const yaml = { ...source(), metadata: { name: 'p', annotations: { 'k3d-mesh.dev/endpoints-from': 'cluster-b/pxc-db' } } };
    expect(problems(two({ p: yaml }))).toContain(
      'packages.p.metadata.annotations["k3d-mesh.dev/endpoints-from"]: k3d-mesh.dev/endpoints-from must read CLUSTER/NAMESPACE/SERVICE:PORT or CLUSTER/NAMESPACE/pod/POD:PORT, found "cluster-b/pxc-db"',
    );
  });

  test('puts both clusters on one docker network: the one a cluster names, else mesh-net; unlinked clusters keep their own', () => {
    const network = (config: MeshConfig) =>
      Object.fromEntries(load(config).clusters.map((c) => [c.name, c.kind === 'k3d' ? c.config.network : undefined]));
    const three = two({ p: source() }, { 'cluster-c': mkClusterConfig() });
    expect(network({ ...three, deploy: { ...three.deploy, 'cluster-c': [] } })).toEqual({
      'cluster-a': 'mesh-net',
      'cluster-b': 'mesh-net',
      'cluster-c': undefined,
    });
    expect(network(two({ p: source() }, { 'cluster-b': mkClusterConfig({ network: 'lab' }) }))).toMatchObject({
      'cluster-a': 'lab',
      'cluster-b': 'lab',
    });
  });
});

describe('one host per source pod', () => {
  test('source.pods adds an entry per pod of the StatefulSet, each reaching its pod, each with an address of its own', () => {
    const entries = mkPXCServiceEntry({
      name: 'pxc-source',
      namespace: 'db',
      remoteClusterName: 'cluster-b',
      source: { namespace: 'pxc', service: 'pxc-db-haproxy', pods: { statefulSet: 'pxc-db-pxc', replicas: 3 } },
    });
    expect(entries.map((e) => [(e.spec as { hosts: string[] }).hosts[0], e.metadata.annotations?.['k3d-mesh.dev/endpoints-from']])).toEqual(
      [
        ['pxc-source.cluster-b.global', 'cluster-b/pxc/pxc-db-haproxy:3306'],
        ['pxc-source-0.cluster-b.global', 'cluster-b/pxc/pod/pxc-db-pxc-0:3306'],
        ['pxc-source-1.cluster-b.global', 'cluster-b/pxc/pod/pxc-db-pxc-1:3306'],
        ['pxc-source-2.cluster-b.global', 'cluster-b/pxc/pod/pxc-db-pxc-2:3306'],
      ],
    );
    const made = objects(two({ p: entries }), 'p').filter((o) => o.kind === 'ServiceEntry');
    expect(made.map((o) => (o.spec as { addresses: string[] }).addresses[0])).toEqual([
      '240.241.0.1',
      '240.241.0.2',
      '240.241.0.3',
      '240.241.0.4',
    ]);
    expect(() =>
      mkServiceEntry({
        name: 'x',
        hosts: ['x.b.global'],
        ports: [{ number: 3306, name: 'tcp' }],
        resolution: 'STATIC',
        endpointsFrom: { cluster: 'b', service: 's', pod: 'p-0', port: 3306 },
      }),
    ).toThrow('mkServiceEntry() x: endpointsFrom: name either a service or a pod');
  });
});

describe('pods without a sidecar resolve the host through CoreDNS', () => {
  test('each cross-cluster entry gets a Service without a selector; typed endpoints get its EndpointSlice now; CoreDNS rewrites the host to it', () => {
    const typed = mkPXCServiceEntry({
      name: 'pxc',
      namespace: 'db',
      remoteClusterName: 'east',
      remoteEndpoints: [
        { address: '172.28.0.3', port: 30306 },
        { address: '172.28.0.4', port: 30306 },
      ],
    });
    const config: MeshConfig = { packages: { typed, found: source() }, clusters: { 'cluster-b': mkClusterConfig() } };
    const made = objects({ ...config, deploy: { 'cluster-b': ['typed'] } }, 'typed');
    expect(made.map((o) => o.kind)).toEqual(['ServiceEntry', 'DestinationRule', 'Service', 'EndpointSlice']);
    const [, , service, slice] = made;
    expect(service).toEqual({
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'pxc-east-global', namespace: 'db', labels: { 'k3d-mesh.dev/for-host': 'pxc.east.global' } },
      spec: { ports: [{ name: 'tcp-mysql', port: 3306, protocol: 'TCP' }] },
    });
    expect(slice).toMatchObject({
      kind: 'EndpointSlice',
      metadata: { name: 'pxc-east-global-mesh', labels: { 'kubernetes.io/service-name': 'pxc-east-global' } },
      endpoints: [
        { addresses: ['172.28.0.3'], conditions: { ready: true } },
        { addresses: ['172.28.0.4'], conditions: { ready: true } },
      ],
      ports: [{ name: 'tcp-mysql', port: 30306, protocol: 'TCP' }],
    });
    const dns = objects({ ...config, deploy: { 'cluster-b': ['typed'] } }, 'mesh-dns');
    expect(dns).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name: 'coredns-custom', namespace: 'kube-system' },
        data: {
          'k3d-mesh.override': [
            'rewrite name exact pxc.east.global pxc-east-global.db.svc.cluster.local answer auto',
            'rewrite name exact pxc-source.cluster-b.global pxc-source-cluster-b-global.db.svc.cluster.local answer auto',
            '',
          ].join('\n'),
        },
      },
    ]);
  });

  test('a host too long for a Service name is shortened with a hash, so two long hosts stay apart', () => {
    const long = `${'a'.repeat(40)}.${'b'.repeat(30)}.global`;
    expect(localServiceName(long)).toMatch(/^a{40}-b{13}-[0-9a-f]{8}$/);
    expect(localServiceName(long)).not.toBe(localServiceName(long.replace('b.global', 'c.global')));
  });
});
