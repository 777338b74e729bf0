import type { KubernetesObject } from '../../lib/modules/types.js';

const OPEN = { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };

/** A CRD of `kind` in the group example.com, serving v1 with `schema` (anything goes by default). */
export function exampleCrd(
  kind: string,
  options: { scope?: 'Namespaced' | 'Cluster'; schema?: Record<string, unknown> } = {},
): KubernetesObject {
  const singular = kind.toLowerCase();
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${singular}s.example.com` },
    spec: {
      group: 'example.com',
      scope: options.scope ?? 'Namespaced',
      names: { kind, plural: `${singular}s`, singular, listKind: `${kind}List` },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: options.schema ?? OPEN } }],
    },
  };
}
