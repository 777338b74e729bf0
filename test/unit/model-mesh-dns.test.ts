import { describe, expect, test } from 'vitest';
import { buildModel } from '../../lib/model/model.js';
import { validateConfig } from '../../config/validate.js';
import { mkIstiod } from '../../lib/modules/istio.js';
import { mkPXCServiceEntry } from '../../lib/modules/pxc-service-entry.js';
import { mkServiceEntry } from '../../lib/modules/service-entry.js';
import type { MeshConfig } from '../../lib/modules/types.js';

const model = (packages: MeshConfig['packages']) =>
  buildModel(
    validateConfig({ istio: { version: '1.30.3', repo: 'https://example.test/charts' }, packages }, 'mesh.config.ts'),
    '/p/mesh.config.ts',
    {},
    {},
  );

const pxc = (name: string, cluster: string) =>
  mkPXCServiceEntry({ name, namespace: 'db', remoteClusterName: cluster, remoteEndpoints: [{ address: '172.28.0.3', port: 30306 }] });

function spec(m: ReturnType<typeof model>, target: string): Record<string, unknown> {
  const t = m.targets.find((x) => x.name === target)!;
  return (t.kind === 'objects' ? t.objects[0]!.spec : {}) as Record<string, unknown>;
}

function proxyMetadata(m: ReturnType<typeof model>): unknown {
  const t = m.targets.find((x) => x.name === 'istiod')!;
  return t.kind === 'chart'
    ? (t.chart.values as { meshConfig?: { defaultConfig?: { proxyMetadata?: unknown } } }).meshConfig?.defaultConfig?.proxyMetadata
    : undefined;
}

describe('names only a ServiceEntry knows resolve, and TCP entries on one port stay apart', () => {
  test('two PXC entries on 3306 get addresses of their own, in config order, and istiod turns DNS capture on', () => {
    const m = model({ istiod: mkIstiod({ values: { pilot: { replicaCount: 2 } } }), a: pxc('pxc-a', 'east'), b: pxc('pxc-b', 'west') });
    expect(spec(m, 'a').addresses).toEqual(['240.241.0.1']);
    expect(spec(m, 'b').addresses).toEqual(['240.241.0.2']);
    expect(proxyMetadata(m)).toEqual({ ISTIO_META_DNS_CAPTURE: 'true' });
    // The user's own values stay as they were.
    const istiod = m.targets.find((t) => t.name === 'istiod')!;
    expect(istiod.kind === 'chart' && istiod.chart.values?.pilot).toEqual({ replicaCount: 2 });
    // The same config, the same addresses.
    expect(spec(model({ istiod: mkIstiod(), a: pxc('pxc-a', 'east'), b: pxc('pxc-b', 'west') }), 'b').addresses).toEqual(['240.241.0.2']);
  });

  test('a DNS capture setting of the config wins, either way', () => {
    const off = mkIstiod({ values: { meshConfig: { defaultConfig: { proxyMetadata: { ISTIO_META_DNS_CAPTURE: 'false', OTHER: 'x' } } } } });
    expect(proxyMetadata(model({ istiod: off, a: pxc('pxc-a', 'east') }))).toEqual({ ISTIO_META_DNS_CAPTURE: 'false', OTHER: 'x' });
  });

  test('entries that need no address keep none: given addresses, HTTP ports, several or wildcard hosts', () => {
    const base = { namespace: 'db', resolution: 'STATIC' as const, endpoints: [{ address: '10.0.0.1' }] };
    const m = model({
      istiod: mkIstiod(),
      given: mkServiceEntry({
        ...base,
        name: 'given',
        hosts: ['a.global'],
        addresses: ['10.9.9.9'],
        ports: [{ number: 1, name: 'tcp-a', protocol: 'TCP' }],
      }),
      http: mkServiceEntry({ ...base, name: 'http', hosts: ['b.global'], ports: [{ number: 80, name: 'http', protocol: 'HTTP' }] }),
      two: mkServiceEntry({ ...base, name: 'two', hosts: ['c.global', 'd.global'], ports: [{ number: 5432, name: 'tcp-pg' }] }),
      wild: mkServiceEntry({ ...base, name: 'wild', hosts: ['*.e.global'], resolution: 'NONE', ports: [{ number: 9, name: 'tcp' }] }),
      named: mkServiceEntry({ ...base, name: 'named', hosts: ['f.global'], ports: [{ number: 5432, name: 'tcp-pg' }] }),
    });
    expect(['given', 'http', 'two', 'wild', 'named'].map((t) => spec(m, t).addresses)).toEqual([
      ['10.9.9.9'],
      undefined,
      undefined,
      undefined,
      ['240.241.0.1'],
    ]);
  });

  test('a config without ServiceEntries leaves istiod as given', () => {
    expect(proxyMetadata(model({ istiod: mkIstiod() }))).toBeUndefined();
  });
});

describe('plain TCP to another cluster', () => {
  const objectsOf = (m: ReturnType<typeof model>, target: string) => {
    const t = m.targets.find((x) => x.name === target)!;
    return t.kind === 'objects' ? t.objects : [];
  };

  test('a TCP entry for a .global host gets a DestinationRule turning TLS off for it', () => {
    const [entry, rule] = objectsOf(model({ a: pxc('pxc-source', 'cluster-b') }), 'a');
    expect(entry!.kind).toBe('ServiceEntry');
    expect(rule).toEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'pxc-source', namespace: 'db' },
      spec: { host: 'pxc-source.cluster-b.global', trafficPolicy: { tls: { mode: 'DISABLE' } } },
    });
  });

  test("a DestinationRule of the config's own for the host decides instead; other hosts get none", () => {
    const own = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'DestinationRule',
      metadata: { name: 'mine', namespace: 'db' },
      spec: { host: 'pxc-source.cluster-b.global' },
    };
    const local = mkServiceEntry({
      name: 'local',
      namespace: 'db',
      hosts: ['db.example.com'],
      resolution: 'DNS',
      ports: [{ number: 5432, name: 'tcp-pg' }],
    });
    const m = model({ a: pxc('pxc-source', 'cluster-b'), rules: [own], local });
    // Its Service and EndpointSlice for pods without a sidecar stay; only the DestinationRule is the config's.
    expect(objectsOf(m, 'a').map((o) => o.kind)).toEqual(['ServiceEntry', 'Service', 'EndpointSlice']);
    expect(objectsOf(m, 'local').map((o) => o.kind)).toEqual(['ServiceEntry']);
  });
});
