import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { describe, expect, it } from 'vitest';
import { validatorFor } from '../../lib/render/validate/validators.js';
import { problemsFromAjv } from '../../lib/render/validate/messages.js';
import { addShape, pruneSchema } from '../../lib/render/validate/prune.js';
import { withoutNulls } from '../../lib/render/validate/nulls.js';

type Obj = Record<string, unknown>;
const testdata = fileURLToPath(new URL('../../../shared/testdata/', import.meta.url));
const istioCrds = parseAllDocuments(readFileSync(`${testdata}istio-1.30.3/base/files/crd-all.gen.yaml`, 'utf8'))
  .map((doc) => doc.toJS() as Obj | null)
  .filter((doc): doc is Obj => doc !== null);

function schemaOf(kind: string): Obj {
  const crd = istioCrds.find((c) => (c.spec as { names: { kind: string } }).names.kind === kind)!;
  const versions = (crd.spec as { versions: Array<{ name: string; schema: { openAPIV3Schema: Obj } }> }).versions;
  return versions.find((v) => v.name === 'v1')!.schema.openAPIV3Schema;
}

// Valid objects of Istio's kinds that reach nested objects, lists, maps and oneOf branches.
const samples: Array<[string, Obj]> = [
  [
    'ServiceEntry',
    {
      hosts: ['pxc.remote.global'],
      ports: [{ number: 3306, name: 'tcp-mysql', protocol: 'TCP' }],
      resolution: 'STATIC',
      location: 'MESH_INTERNAL',
      endpoints: [{ address: '172.18.0.5', ports: { 'tcp-mysql': 3306 }, labels: { app: 'pxc' } }],
    },
  ],
  [
    'VirtualService',
    {
      hosts: ['reviews'],
      http: [
        {
          match: [{ uri: { prefix: '/v1' } }],
          route: [{ destination: { host: 'reviews', subset: 'v1', port: { number: 80 } }, weight: 100 }],
        },
      ],
    },
  ],
  [
    'DestinationRule',
    {
      host: 'reviews',
      trafficPolicy: { tls: { mode: 'ISTIO_MUTUAL' }, loadBalancer: { simple: 'ROUND_ROBIN' } },
      subsets: [{ name: 'v1', labels: { version: 'v1' } }],
    },
  ],
  [
    'AuthorizationPolicy',
    {
      selector: { matchLabels: { app: 'pxc' } },
      action: 'ALLOW',
      rules: [{ from: [{ source: { principals: ['cluster.local/ns/a/sa/b'] } }] }],
    },
  ],
];

/** Every object that differs from `spec` in one place: a value of another type, a field removed, an unknown field added. */
function mutations(value: unknown, path: Array<string | number> = []): Array<{ at: string; apply: (root: Obj) => void }> {
  const out: Array<{ at: string; apply: (root: Obj) => void }> = [];
  const parentOf = (root: Obj) => path.slice(0, -1).reduce<any>((node, key) => node[key], root);
  const last = path[path.length - 1];
  if (path.length > 0) {
    for (const replacement of ['x', 12, -1, true, {}, [], null]) {
      out.push({
        at: `${path.join('.')}=${JSON.stringify(replacement)}`,
        apply: (root) => void (parentOf(root)[last!] = structuredClone(replacement)),
      });
    }
    if (typeof last === 'string') out.push({ at: `-${path.join('.')}`, apply: (root) => void delete parentOf(root)[last] });
  }
  if (Array.isArray(value)) value.forEach((item, i) => out.push(...mutations(item, [...path, i])));
  else if (value !== null && typeof value === 'object') {
    const here = (root: Obj) => path.reduce<any>((node, key) => node[key], root);
    out.push({ at: `+${path.join('.')}.bogus`, apply: (root) => void (here(root).bogus = { nested: 1 }) });
    for (const [key, field] of Object.entries(value)) out.push(...mutations(field, [...path, key]));
  }
  return out;
}

describe('a schema pruned to the fields objects set', () => {
  it('gives every object the same verdict and the same messages as the whole CRD schema', () => {
    let compared = 0;
    let failing = 0;
    for (const [kind, spec] of samples) {
      const openApi = schemaOf(kind);
      const whole = validatorFor(openApi, kind);
      if ('failed' in whole) throw new Error(whole.failed);
      for (const { at, apply } of [{ at: 'as given', apply: () => {} }, ...mutations(spec)]) {
        const object: Obj = { apiVersion: 'networking.istio.io/v1', kind, metadata: { name: 'x' }, spec: structuredClone(spec) };
        apply(object.spec as Obj);
        const data = withoutNulls(object, openApi);
        const pruned = validatorFor(pruneSchema(openApi, addShape({}, data)), kind);
        if ('failed' in pruned) throw new Error(pruned.failed);
        const verdict = whole(data);
        expect(pruned(data), `${kind} ${at}`).toBe(verdict);
        if (!verdict) failing += 1;
        expect(problemsFromAjv(pruned.errors ?? [], data), `${kind} ${at}`).toEqual(problemsFromAjv(whole.errors ?? [], data));
        compared += 1;
      }
    }
    expect(compared).toBeGreaterThan(300);
    expect(failing).toBeGreaterThan(compared / 2);
  });

  it('keeps what objects do not reach out of the schema, but every property name', () => {
    const openApi = schemaOf('ServiceEntry');
    const pruned = pruneSchema(openApi, addShape({}, { spec: { hosts: ['a'] } })) as any;
    const spec = pruned.properties.spec;
    expect(spec.properties.hosts.items).toEqual(openApi.properties && (openApi as any).properties.spec.properties.hosts.items);
    expect(spec.properties.workloadSelector).toEqual({});
    expect(Object.keys(spec.properties)).toEqual(Object.keys((openApi as any).properties.spec.properties));
    expect(JSON.stringify(pruned).length).toBeLessThan(JSON.stringify(openApi).length / 5);
  });

  it('checks a map value that only one of several objects sets', () => {
    const openApi = schemaOf('ServiceEntry');
    const shape = addShape({}, { spec: { hosts: ['a'] } });
    addShape(shape, { spec: { endpoints: [{ address: 'a', labels: { app: 7 } }] } });
    const validate = validatorFor(pruneSchema(openApi, shape), 'ServiceEntry');
    if ('failed' in validate) throw new Error(validate.failed);
    const bad = {
      apiVersion: 'networking.istio.io/v1',
      kind: 'ServiceEntry',
      metadata: { name: 'x' },
      spec: { hosts: ['a'], endpoints: [{ address: 'a', labels: { app: 7 } }] },
    };
    expect(validate(bad)).toBe(false);
    expect(problemsFromAjv(validate.errors ?? [], bad).map((p) => p.path.join('.'))).toContain('spec.endpoints.0.labels.app');
  });
});
