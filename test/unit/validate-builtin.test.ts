import { describe, expect, it } from 'vitest';
import { BuiltinSchemas } from '../../lib/render/validate/builtin.js';
import { findBuiltinPackage } from '../../lib/render/validate/builtin-package.js';
import { validateObjects } from '../../lib/render/validate/objects.js';
import { projectRoot } from '../helpers/paths.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

type Obj = Record<string, unknown>;
const models = findBuiltinPackage(projectRoot)!;
const schemas = new BuiltinSchemas(models);

function deployment(container: Obj = {}, spec: Obj = {}): Obj {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', labels: { app: 'web' } },
    spec: {
      replicas: 2,
      selector: { matchLabels: { app: 'web' } },
      template: {
        metadata: { labels: { app: 'web' } },
        spec: { containers: [{ name: 'web', image: 'nginx:1.27', ports: [{ containerPort: 80 }], ...container }] },
      },
      ...spec,
    },
  };
}
const messages = (object: Obj) => schemas.problems(object).map((p) => `${p.path.join('.')}: ${p.message}`);

describe('built-in kinds against the Kubernetes schemas of kubernetes-models', () => {
  it('is found where the project installed it, and not elsewhere', () => {
    expect(models.version).toMatch(/^kubernetes-models@\d+\.\d+\.\d+$/);
    expect(findBuiltinPackage(mkdtempSync(join(tmpdir(), 'mesh-no-models-')))).toBeUndefined();
  });

  it('passes a valid Deployment, with the nulls helm leaves and a field newer than the package', () => {
    expect(
      messages(deployment({ command: null, resources: { limits: { memory: '512Mi', cpu: 0.5 } }, someFutureField: { x: 1 } })),
    ).toEqual([]);
  });

  it('names each wrong type and format at its field, with what was found', () => {
    const wrong = deployment({ ports: [{ containerPort: 'http' }], resources: { limits: { memory: 'lots' } } }, { replicas: '3' });
    expect(messages(wrong)).toEqual([
      'spec.replicas: expected integer, found string "3"',
      'spec.template.spec.containers.0.ports.0.containerPort: expected integer, found string "http"',
      'spec.template.spec.containers.0.resources.limits.memory: expected a quantity string or number, found string "lots"',
    ]);
  });

  it('reports a Service port that is neither a number nor a name, a type it does not have, and a missing required field', () => {
    const service = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
      spec: { ports: [{ port: 80, targetPort: { name: 'http' } }] },
    };
    expect(messages(service)).toEqual(['spec.ports.0.targetPort: expected string or integer, found object {"name":"http"}']);
    expect(messages({ ...service, spec: { ports: [{ port: 80, targetPort: 'http' }], type: 'Balanced' } })).toEqual([
      'spec.type: expected one of ClusterIP, ExternalName, LoadBalancer, NodePort; found string "Balanced"',
    ]);
    const noImage = deployment();
    const template = (noImage.spec as { template: { spec: { containers: Obj[] } } }).template;
    delete template.spec.containers[0]!.name;
    expect(messages(noImage)).toEqual(['spec.template.spec.containers.0.name: required field "name" is missing']);
  });

  it('leaves kinds and versions it does not know, and CRDs, to the API server', () => {
    expect(messages({ apiVersion: 'apps/v9', kind: 'Deployment', metadata: { name: 'x' }, spec: { replicas: 'x' } })).toEqual([]);
    expect(messages({ apiVersion: 'v1', kind: '../Pod', metadata: { name: 'x' } })).toEqual([]);
    expect(messages({ apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', metadata: { name: 'a.b' } })).toEqual([]);
  });

  it('runs inside validateObjects beside the name checks, only when given', () => {
    const refs = [{ target: 'web', index: 0, object: deployment({}, { replicas: 'two' }) }];
    expect(validateObjects(refs, [])).toEqual([]);
    expect(validateObjects(refs, [], undefined, undefined, schemas)).toEqual([
      { target: 'web', kind: 'Deployment', name: 'web', path: 'spec.replicas', message: 'expected integer, found string "two"' },
    ]);
  });
});
