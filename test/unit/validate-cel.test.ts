import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validateObjects } from '../../lib/render/validate/objects.js';
import { exampleCrd } from '../helpers/crd.js';

type Obj = Record<string, unknown>;
const testdata = fileURLToPath(new URL('../../../shared/testdata/', import.meta.url));
const istioCrds = parseAllDocuments(readFileSync(`${testdata}istio-1.30.3/base/files/crd-all.gen.yaml`, 'utf8'))
  .map((doc) => doc.toJS() as Obj | null)
  .filter((doc): doc is Obj => doc !== null);

function check(object: Obj, crds: Obj[] = istioCrds) {
  let rules: { unsupported: ReadonlySet<string>; transitionRules: number; evaluated: number } | undefined;
  const violations = validateObjects([{ target: 't', index: 0, object }], crds, (r) => (rules = r));
  return { messages: violations.map((v) => `${v.path}: ${v.message}`), rules: rules! };
}

const serviceEntry = (spec: Obj): Obj => ({
  apiVersion: 'networking.istio.io/v1',
  kind: 'ServiceEntry',
  metadata: { name: 'pxc', namespace: 'db' },
  spec: { hosts: ['pxc.cluster-b.global'], ports: [{ number: 3306, name: 'tcp-mysql', protocol: 'TCP' }], resolution: 'STATIC', ...spec },
});

/** A CRD of one kind whose schema is `spec`, with the given rules on it. */
function crdWith(spec: Obj): Obj {
  return exampleCrd('Widget', { schema: { type: 'object', properties: { spec } } });
}
const widget = (spec: Obj): Obj => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w' }, spec });

describe('x-kubernetes-validations (CEL), as the API server evaluates them', () => {
  it('passes the PXC ServiceEntry, having evaluated its rules', () => {
    const { messages, rules } = check(serviceEntry({ endpoints: [{ address: '172.18.0.5', ports: { 'tcp-mysql': 3306 } }] }));
    expect(messages).toEqual([]);
    expect(rules.evaluated).toBeGreaterThan(5);
    expect([...rules.unsupported]).toEqual([]);
  });

  it("reports Istio's own messages: duplicated ports, NONE with endpoints, selector with endpoints, a wildcard host", () => {
    const endpoints = [{ address: '172.18.0.5' }];
    const twoPorts = [
      { number: 3306, name: 'tcp-a' },
      { number: 3306, name: 'tcp-b' },
    ];
    expect(check(serviceEntry({ ports: twoPorts, endpoints })).messages).toEqual(['spec.ports: port number cannot be duplicated']);
    expect(check(serviceEntry({ resolution: 'NONE', endpoints })).messages).toEqual(['spec: NONE mode cannot set endpoints']);
    expect(check(serviceEntry({ endpoints, workloadSelector: { labels: { app: 'db' } } })).messages).toEqual([
      'spec: only one of WorkloadSelector or Endpoints can be set',
    ]);
    expect(check(serviceEntry({ hosts: ['*'], endpoints })).messages).toEqual(['spec.hosts[0]: hostname cannot be wildcard']);
  });

  it('honours messageExpression and fieldPath, and evaluates integers as CEL ints', () => {
    const crd = crdWith({
      type: 'object',
      properties: { min: { type: 'integer' }, max: { type: 'integer' } },
      'x-kubernetes-validations': [
        { rule: 'self.min <= self.max', messageExpression: "'min ' + string(self.min) + ' is above max'", fieldPath: '.min' },
      ],
    });
    expect(check(widget({ min: 5, max: 3 }), [crd]).messages).toEqual(['spec.min: min 5 is above max']);
    expect(check(widget({ min: 1, max: 3 }), [crd]).messages).toEqual([]);
  });

  it('skips and counts transition rules, which need the object on the cluster', () => {
    const crd = crdWith({
      type: 'object',
      properties: { a: { type: 'integer' } },
      'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'immutable' }],
    });
    const { messages, rules } = check(widget({ a: 1 }), [crd]);
    expect(messages).toEqual([]);
    expect(rules.transitionRules).toBe(1);
  });

  it('reports a rule it cannot evaluate once, as unsupported, never as passed or failed', () => {
    const crd = crdWith({
      type: 'object',
      properties: { size: { type: 'string' } },
      'x-kubernetes-validations': [{ rule: "quantity(self.size).isLessThan(quantity('1Gi'))" }],
    });
    const { messages, rules } = check(widget({ size: '2Gi' }), [crd]);
    expect(messages).toEqual([]);
    expect([...rules.unsupported]).toEqual([expect.stringMatching(/^quantity\(self\.size\)\.isLessThan\(quantity\('1Gi'\)\): .*quantity/)]);
  });

  it('a rule that reads a field that is not there fails, as on the API server', () => {
    const crd = crdWith({ type: 'object', 'x-kubernetes-validations': [{ rule: 'self.name.size() > 0', message: 'needs a name' }] });
    expect(check(widget({}), [crd]).messages).toEqual([
      expect.stringMatching(/^spec: rule "self.name.size\(\) > 0" could not be evaluated: .*name/),
    ]);
  });
});

describe('x-kubernetes-list-type', () => {
  const ports = {
    type: 'array',
    'x-kubernetes-list-type': 'map',
    'x-kubernetes-list-map-keys': ['containerPort', 'protocol'],
    items: { type: 'object', properties: { containerPort: { type: 'integer' }, protocol: { type: 'string', default: 'TCP' } } },
  };
  const crd = crdWith({
    type: 'object',
    properties: { ports, tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } } },
  });

  it('map: two entries with the same keys are refused, a missing key taking its default', () => {
    expect(check(widget({ ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'TCP' }] }), [crd]).messages).toEqual([
      'spec.ports[1]: duplicate entry: the same containerPort 80 and protocol "TCP" as item 0; entries are unique by containerPort, protocol (x-kubernetes-list-type: map)',
    ]);
    expect(check(widget({ ports: [{ containerPort: 80 }, { containerPort: 80, protocol: 'UDP' }] }), [crd]).messages).toEqual([]);
  });

  it('set: a repeated value is refused', () => {
    expect(check(widget({ tags: ['a', 'b', 'a'] }), [crd]).messages).toEqual([
      'spec.tags[2]: duplicate entry: the same value as item 0; entries are unique (x-kubernetes-list-type: set)',
    ]);
  });
});
