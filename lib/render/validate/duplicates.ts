import type { ManifestTarget } from '../../model/targets.js';
import { BUILT_IN_GROUP, CLUSTER_SCOPED } from '../../model/cluster-scoped.js';
import type { ObjectRef, Violation } from './objects.js';

/**
 * The same object defined by two targets: one would overwrite the other on
 * the cluster. A cluster-scoped object is one object whatever namespace its
 * targets render into.
 */
export function duplicates(
  objects: readonly ObjectRef[],
  targets: readonly ManifestTarget[],
  crds: readonly Record<string, unknown>[],
): Violation[] {
  const namespaceOf = new Map(targets.map((t) => [t.name, t.namespaces[0] ?? '']));
  const clusterScoped = clusterScopedKinds(crds);
  const seen = new Map<string, string>();
  const out: Violation[] = [];
  for (const { target, object } of objects) {
    const meta = (object.metadata ?? {}) as { name?: string; namespace?: string };
    const kind = String(object.kind);
    const group = String(object.apiVersion).split('/').slice(0, -1).join('/');
    // A cluster-scoped object is one object, whatever namespace its target renders into.
    const scoped = clusterScoped.has(`${group}|${kind}`);
    const id = `${group}|${kind}|${scoped ? '' : (meta.namespace ?? namespaceOf.get(target))}|${meta.name}`;
    const first = seen.get(id);
    if (first !== undefined && first !== target) {
      const why = scoped ? `; ${kind} is cluster-scoped, so both would overwrite one object` : '';
      out.push({
        target,
        kind,
        name: String(meta.name),
        path: 'metadata.name',
        message: `also defined by target ${first}; one object can only come from one target${why}`,
      });
    } else seen.set(id, target);
  }
  return out;
}

/** `group|kind` of every cluster-scoped kind: Kubernetes' own, and those of CRDs with `scope: Cluster`. */
function clusterScopedKinds(crds: readonly Record<string, unknown>[]): Set<string> {
  const out = new Set<string>();
  for (const kind of CLUSTER_SCOPED) out.add(`${BUILT_IN_GROUP[kind] ?? ''}|${kind}`);
  for (const crd of crds) {
    const spec = crd.spec as { group?: string; scope?: string; names?: { kind?: string } } | undefined;
    if (spec?.scope === 'Cluster' && spec.names?.kind) out.add(`${spec.group}|${spec.names.kind}`);
  }
  return out;
}
