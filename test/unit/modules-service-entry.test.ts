import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { mkPXCServiceEntry } from '../../lib/modules/pxc-service-entry.js';
import { mkServiceEntry, type Resolution } from '../../lib/modules/service-entry.js';
import type { KubernetesObject } from '../../lib/modules/types.js';
import { crdsIn, validateObjects } from '../../lib/render/validate/objects.js';
import { toYaml } from '../../lib/yaml/write.js';
import { istioChartsDir } from '../helpers/paths.js';

// The CRDs exactly as Istio 1.30.3's base chart ships them.
const crdObjects = parseAllDocuments(readFileSync(join(istioChartsDir, 'base/files/crd-all.gen.yaml'), 'utf8'))
  .map((doc) => doc.toJS() as Record<string, unknown> | null)
  .filter((object): object is Record<string, unknown> => object !== null);
const istioCrds = crdsIn(crdObjects.map((object, index) => ({ target: 'istio-base', index, object })));
const validate = (...objects: KubernetesObject[]) =>
  validateObjects(
    objects.map((object, index) => ({ target: 'mesh', index, object })),
    istioCrds,
  );

// The arguments of the flake's pxc-remote package.
const seed = {
  name: 'pxc-source',
  namespace: 'default',
  remoteClusterName: 'cluster-b',
  remoteEndpoints: [{ address: '172.18.0.5', port: 3306 }],
};

describe('mkServiceEntry', () => {
  it('makes a networking.istio.io/v1 ServiceEntry in default with only the fields given', () => {
    expect(mkServiceEntry({ name: 'api', hosts: ['api.example.com'], resolution: 'DNS' })).toStrictEqual({
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name: 'api', namespace: 'default' },
      spec: { hosts: ['api.example.com'], resolution: 'DNS' },
    });
  });

  it("writes the spec in Istio's documented field order, whatever order the input has", () => {
    const entry = mkServiceEntry({
      subjectAltNames: ['spiffe://cluster.local/ns/db/sa/mysql'],
      exportTo: ['.'],
      workloadSelector: { labels: { app: 'mysql' } },
      endpoints: [{ address: '10.0.0.7', ports: { 'tcp-mysql': 3306 } }],
      resolution: 'STATIC',
      location: 'MESH_INTERNAL',
      ports: [{ number: 3306, name: 'tcp-mysql', protocol: 'TCP' }],
      addresses: ['240.0.0.10'],
      hosts: ['mysql.db.global'],
      annotations: { owner: 'db-team' },
      labels: { tier: 'data' },
      namespace: 'db',
      name: 'mysql',
    });
    expect(Object.keys(entry)).toEqual(['apiVersion', 'kind', 'metadata', 'spec']);
    expect(Object.keys(entry.metadata)).toEqual(['name', 'namespace', 'labels', 'annotations']);
    expect(Object.keys(entry.spec as object)).toEqual([
      'hosts',
      'addresses',
      'ports',
      'location',
      'resolution',
      'endpoints',
      'workloadSelector',
      'exportTo',
      'subjectAltNames',
    ]);
  });
});

describe('mkPXCServiceEntry', () => {
  it('reaches PXC in the remote cluster as <name>.<cluster>.global:3306 over TCP', () => {
    expect(toYaml(mkPXCServiceEntry(seed))).toBe(`apiVersion: networking.istio.io/v1
kind: ServiceEntry
metadata:
  name: pxc-source
  namespace: default
spec:
  hosts:
    - pxc-source.cluster-b.global
  ports:
    - number: 3306
      name: tcp-mysql
      protocol: TCP
  location: MESH_INTERNAL
  resolution: STATIC
  endpoints:
    - address: 172.18.0.5
      ports:
        tcp-mysql: 3306
`);
  });

  it('maps each remote endpoint to its own port and defaults the namespace', () => {
    const entry = mkPXCServiceEntry({
      name: 'pxc',
      remoteClusterName: 'cluster-b',
      remoteEndpoints: [
        { address: '172.28.0.3', port: 30306 },
        { address: '172.28.0.4', port: 30306 },
      ],
    });
    expect(entry.metadata).toStrictEqual({ name: 'pxc', namespace: 'default' });
    expect(entry.spec).toMatchObject({
      ports: [{ number: 3306, name: 'tcp-mysql', protocol: 'TCP' }],
      endpoints: [
        { address: '172.28.0.3', ports: { 'tcp-mysql': 30306 } },
        { address: '172.28.0.4', ports: { 'tcp-mysql': 30306 } },
      ],
    });
  });
});

describe('against the Istio 1.30.3 CRDs', () => {
  it('has the ServiceEntry CRD to check with, and it rejects a broken ServiceEntry', () => {
    expect(istioCrds.map((crd) => (crd.metadata as { name: string }).name)).toContain('serviceentries.networking.istio.io');
    // mkServiceEntry refuses it where it is given; a YAML config's object reaches the CRD check as it is.
    expect(() => mkServiceEntry({ name: 'bad', hosts: ['x.global'], resolution: 'STATICK' as Resolution })).toThrow(
      'mkServiceEntry(): resolution: expected "NONE" or "STATIC" or "DNS" or "DNS_ROUND_ROBIN", found string "STATICK"',
    );
    const broken = {
      ...mkServiceEntry({ name: 'bad', hosts: ['x.global'], resolution: 'STATIC' }),
      spec: { hosts: ['x.global'], resolution: 'STATICK' },
    };
    expect(validate(broken).map((v) => v.path)).toEqual(['spec.resolution']);
  });

  it('accepts every ServiceEntry the helpers make', () => {
    const full = mkServiceEntry({
      name: 'mysql',
      namespace: 'db',
      hosts: ['mysql.db.global'],
      addresses: ['240.0.0.10'],
      ports: [{ number: 3306, name: 'tcp-mysql', protocol: 'TCP', targetPort: 3306 }],
      location: 'MESH_INTERNAL',
      resolution: 'STATIC',
      endpoints: [{ address: '10.0.0.7', ports: { 'tcp-mysql': 3306 }, labels: { app: 'mysql' }, network: 'mesh-net', weight: 1 }],
      exportTo: ['.'],
      subjectAltNames: ['spiffe://cluster.local/ns/db/sa/mysql'],
    });
    const pxc = mkPXCServiceEntry(seed);
    const custom = mkPXCServiceEntry({ ...seed, name: 'pxc', namespace: 'data', port: 3307 });
    expect(validate(full, pxc, custom)).toEqual([]);
  });
});

describe('the ServiceEntry helpers refuse fields they do not take', () => {
  it('names the field and the closest one it takes', () => {
    expect(() => mkPXCServiceEntry({ name: 'p', remoteClusterName: 'b', remoteEndpoint: [] } as never)).toThrow(
      'mkPXCServiceEntry(): unknown field "remoteEndpoint"; did you mean "remoteEndpoints"?',
    );
    expect(() => mkServiceEntry({ name: 's', hosts: [], resolution: 'DNS', resolutoin: 'x' } as never)).toThrow(
      'did you mean "resolution"?',
    );
  });
});
