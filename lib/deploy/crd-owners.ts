import type { ManifestTarget } from '../model/targets.js';
import { applyOrder } from '../model/apply-order.js';

interface Parsed {
  text: string;
  object: { apiVersion?: string; kind?: string; metadata?: { name?: string } };
}

/**
 * The apply order once what was rendered is known: a target with a custom
 * resource whose CRD another target brings is applied after that target,
 * even where the config did not say so with `needs`, as a cluster will
 * refuse the resource until its kind exists.
 */
export function orderByCrds<T extends ManifestTarget>(targets: readonly T[], docsOf: ReadonlyMap<string, readonly Parsed[]>): T[] {
  const owners = new Map<string, string>();
  for (const target of targets) {
    for (const { text, object } of docsOf.get(target.name) ?? []) {
      if (object.kind !== 'CustomResourceDefinition') continue;
      const group = object.metadata?.name?.split('.').slice(1).join('.');
      // A CRD is read only as far as its name; the kind it defines sits under spec.names.
      const kind = /^ {2}names:\s*\n(?: {4,}.*\n)*? {4}kind:\s*["']?([A-Za-z0-9]+)/m.exec(text)?.[1];
      if (group && kind) owners.set(`${group}|${kind}`, target.name);
    }
  }
  if (owners.size === 0) return [...targets];
  let added = false;
  const withEdges = targets.map((target) => {
    const needs = new Set(target.needs);
    for (const { object } of docsOf.get(target.name) ?? []) {
      const slash = object.apiVersion?.lastIndexOf('/') ?? -1;
      const owner = slash > 0 ? owners.get(`${object.apiVersion!.slice(0, slash)}|${object.kind}`) : undefined;
      if (owner !== undefined && owner !== target.name && !needs.has(owner)) {
        needs.add(owner);
        added = true;
      }
    }
    return { target, name: target.name, role: target.role, needs: [...needs] };
  });
  return added ? applyOrder(withEdges).map((t) => t.target) : [...targets];
}
