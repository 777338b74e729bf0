import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { compiledSchemaCount, crdsIn, validateObjects, type Violation } from '../../lib/render/validate/objects.js';

type Obj = Record<string, unknown>;
const testdata = fileURLToPath(new URL('../../../shared/testdata/', import.meta.url));
const istioCrds = parseAllDocuments(readFileSync(`${testdata}istio-1.30.3/base/files/crd-all.gen.yaml`, 'utf8'))
  .map((doc) => doc.toJS() as Obj | null)
  .filter((doc): doc is Obj => doc !== null);

const cr = (apiVersion: string, kind: string, name: string, spec: Obj): Obj => ({ apiVersion, kind, metadata: { name }, spec });
const check = (object: Obj, crds = istioCrds): Violation[] => validateObjects([{ target: 'mesh', index: 0, object }], crds);
const messages = (object: Obj, crds = istioCrds): string[] => check(object, crds).map((v) => `${v.path}: ${v.message}`);

function serviceEntry(spec: Obj = {}, apiVersion = 'networking.istio.io/v1', name = 'pxc'): Obj {
  return cr(apiVersion, 'ServiceEntry', name, {
    hosts: ['pxc.remote.global'],
    ports: [{ number: 3306, name: 'tcp-mysql', protocol: 'TCP' }],
    resolution: 'STATIC',
    location: 'MESH_INTERNAL',
    endpoints: [{ address: '172.18.0.5', ports: { 'tcp-mysql': 3306 } }],
    ...spec,
  });
}

describe('validateObjects against the Istio CRDs', () => {
  it('finds the CRDs among the objects', () => {
    const refs = [...istioCrds, serviceEntry()].map((object, index) => ({ target: 'base', index, object }));
    expect(istioCrds.length).toBeGreaterThan(10);
    expect(crdsIn(refs)).toEqual(istioCrds);
    expect(validateObjects(refs, crdsIn(refs))).toEqual([]);
  });

  it('passes a valid ServiceEntry', () => {
    expect(check(serviceEntry())).toEqual([]);
  });

  it('fails a port number given as a string, at the field that is wrong', () => {
    const ports = [{ number: '3306', name: 'tcp-mysql', protocol: 'TCP' }];
    expect(check(serviceEntry({ ports }))).toEqual([
      { target: 'mesh', kind: 'ServiceEntry', name: 'pxc', path: 'spec.ports[0].number', message: 'expected integer, found string "3306"' },
    ]);
  });

  it('fails an unknown field and suggests the field that was meant', () => {
    expect(messages(serviceEntry({ hostz: ['x'] }))).toEqual(['spec.hostz: unknown field "hostz"; did you mean "hosts"?']);
  });

  it('lists the allowed values of an enum', () => {
    expect(messages(serviceEntry({ resolution: 'STATICK' }))).toEqual([
      'spec.resolution: expected one of NONE, STATIC, DNS, DNS_ROUND_ROBIN, DYNAMIC_DNS; found string "STATICK"; did you mean "STATIC"?',
    ]);
  });

  it('fails a version the CRD does not serve and names the ones it does', () => {
    expect(messages(serviceEntry({}, 'networking.istio.io/v9'))).toEqual([
      'apiVersion: version "v9" is not served by CustomResourceDefinition serviceentries.networking.istio.io; served versions: v1, v1alpha3, v1beta1',
    ]);
  });

  it('only name-checks objects whose kind has no CRD in the set', () => {
    expect(check(serviceEntry({ hostz: 1 }), [])).toEqual([]);
    expect(check(cr('apps/v1', 'Deployment', 'web', { replicas: 'many' }))).toEqual([]);
    expect(messages(cr('apps/v1', 'Deployment', 'Web', {}))).toEqual([
      expect.stringMatching(/^metadata\.name: expected a DNS-1123 subdomain/),
    ]);
  });

  it('passes a VirtualService and a DestinationRule from the Istio docs', () => {
    const destination = (subset: string) => [{ destination: { host: 'reviews.prod.svc.cluster.local', subset } }];
    const match = [{ uri: { prefix: '/wpcatalog' } }, { uri: { prefix: '/consumercatalog' } }];
    const http = [
      { name: 'reviews-v2-routes', match, rewrite: { uri: '/newcatalog' }, route: destination('v2') },
      { name: 'reviews-v1-route', route: destination('v1') },
    ];
    expect(
      check(cr('networking.istio.io/v1', 'VirtualService', 'reviews-route', { hosts: ['reviews.prod.svc.cluster.local'], http })),
    ).toEqual([]);
    const loadBalancer = (simple: string) => ({ loadBalancer: { simple } });
    const subsets = [{ name: 'testversion', labels: { version: 'v3' }, trafficPolicy: loadBalancer('ROUND_ROBIN') }];
    const spec = { host: 'ratings.prod.svc.cluster.local', trafficPolicy: loadBalancer('LEAST_REQUEST'), subsets };
    expect(check(cr('networking.istio.io/v1', 'DestinationRule', 'bookinfo-ratings', spec))).toEqual([]);
  });

  it('says once, for each oneOf, which fields exclude each other', () => {
    const consistentHash = { httpHeaderName: 'x-user', useSourceIp: true };
    const spec = { host: 'ratings', trafficPolicy: { loadBalancer: { simple: 'ROUND_ROBIN', consistentHash } } };
    expect(messages(cr('networking.istio.io/v1', 'DestinationRule', 'ratings', spec))).toEqual([
      'spec.trafficPolicy.loadBalancer: simple, consistentHash exclude each other; set at most one, found simple and consistentHash',
      'spec.trafficPolicy.loadBalancer.consistentHash: httpHeaderName, httpCookie, useSourceIp, httpQueryParameterName exclude each other; ' +
        'set at most one, found httpHeaderName and useSourceIp',
    ]);
  });

  it('drops nulls the schema does not allow, as the apiserver does, yet reports a null required field', () => {
    expect(check(serviceEntry({ exportTo: null, subjectAltNames: null }))).toEqual([]);
    expect(messages(serviceEntry({ hosts: null }))).toEqual(['spec.hosts: required field "hosts" is missing']);
  });

  it('compiles each CRD version once, however many objects use it', () => {
    // A copy with its own bound hashes differently, so earlier tests cannot have compiled it.
    const crd = structuredClone(istioCrds.find((c) => (c.metadata as Obj).name === 'serviceentries.networking.istio.io')) as Obj;
    const versions = (crd.spec as { versions: Array<{ name: string; schema: { openAPIV3Schema: Obj } }> }).versions;
    for (const version of versions) version.schema.openAPIV3Schema.maxProperties = 1234;
    const objects = Array.from({ length: 500 }, (_, index) => ({
      target: 'mesh',
      index,
      object: serviceEntry({}, undefined, `se-${index}`),
    }));
    const before = compiledSchemaCount();
    expect(validateObjects(objects, [crd])).toEqual([]);
    expect(compiledSchemaCount() - before).toBe(1);
    expect(validateObjects(objects, [structuredClone(crd)])).toEqual([]);
    expect(compiledSchemaCount() - before).toBe(1);
  });
});

describe('validateObjects with the Kubernetes extensions of OpenAPI', () => {
  const properties = {
    size: { type: 'integer', nullable: true, format: 'int32', exclusiveMinimum: true, minimum: 0 },
    port: { 'x-kubernetes-int-or-string': true, anyOf: [{ type: 'integer' }, { type: 'string' }] },
    raw: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
    template: {
      type: 'object',
      'x-kubernetes-embedded-resource': true,
      properties: { spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
    },
    tags: { type: 'object', additionalProperties: { type: 'string' } },
    closed: { type: 'object' },
    since: { type: 'string', format: 'date-time' },
    code: { type: 'string', pattern: '(?i)^[a-z]+$' },
    mode: { type: 'string', enum: ['On', 'Off'], 'x-kubernetes-validations': [{ rule: 'self == "On"' }] },
  };
  const openAPIV3Schema = { type: 'object', properties: { spec: { type: 'object', properties } } };
  const versions = [
    { name: 'v1alpha1', served: false, storage: false, schema: { openAPIV3Schema: { type: 'object' } } },
    { name: 'v1', served: true, storage: true, schema: { openAPIV3Schema } },
  ];
  const names = { kind: 'Widget', plural: 'widgets' };
  const crds = [
    {
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      metadata: { name: 'widgets.example.com' },
      spec: { group: 'example.com', names, versions },
    },
  ];
  const widget = (spec: Obj, apiVersion = 'example.com/v1') => messages(cr(apiVersion, 'Widget', 'w', spec), crds);

  it('accepts what the apiserver accepts', () => {
    const template = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'p', labels: { a: 'b' } }, spec: { containers: [] } };
    const raw = { anything: [{ at: 'all' }] };
    expect(
      widget({
        size: null,
        port: 'http',
        raw,
        template,
        tags: { team: 'mesh' },
        closed: {},
        since: '2025-01-02T03:04:05Z',
        code: 'ABC',
        mode: 'On',
      }),
    ).toEqual([]);
    expect(widget({ port: 8080, size: 3 })).toEqual([]);
  });

  it('reports what it rejects in the words of the fields', () => {
    // The API server evaluates x-kubernetes-validations too: a rule without a message fails as "failed rule: ...".
    expect(widget({ mode: 'Off' })).toEqual(['spec.mode: failed rule: self == "On"']);
    expect(widget({ size: 0 })).toEqual(['spec.size: expected a number > 0, found number 0']);
    expect(widget({ size: 'big' })).toEqual(['spec.size: expected integer or null, found string "big"']);
    expect(widget({ port: true })).toEqual(['spec.port: expected integer or string, found boolean true']);
    expect(widget({ template: { kind: 'Pod', extra: 1 } })).toEqual([
      'spec.template.apiVersion: required field "apiVersion" is missing',
      'spec.template.extra: unknown field "extra"; known fields: spec, apiVersion, kind, metadata',
    ]);
    expect(widget({ tags: { 'team.example.com/owner': 7 } })).toEqual([
      'spec.tags["team.example.com/owner"]: expected string, found number 7',
    ]);
    expect(widget({ closed: { a: 1 } })).toEqual(['spec.closed.a: unknown field "a"']);
    expect(widget({ since: 'yesterday' })).toEqual(['spec.since: expected a date-time string, found string "yesterday"']);
    expect(widget({ mode: 'on' })).toEqual(['spec.mode: expected one of On, Off; found string "on"; did you mean "On"?']);
  });

  it('treats a version that exists but is not served as unserved', () => {
    expect(widget({}, 'example.com/v1alpha1')).toEqual([
      'apiVersion: version "v1alpha1" is not served by CustomResourceDefinition widgets.example.com; served versions: v1',
    ]);
  });
});
