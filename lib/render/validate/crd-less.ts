import { apiGroup, needsCrd } from '../documents.js';
import { crdGroupKind } from '../crd-head.js';
import type { ObjectRef } from './objects.js';

// k3s brings CRDs of its own: its HelmChart, HelmChartConfig and Addon kinds are there on every cluster it runs.
const K3S_GROUPS = new Set(['helm.cattle.io', 'k3s.cattle.io']);

/**
 * Custom resources bound for a cluster mesh creates whose kind no CRD of the
 * render set defines, one line per target and kind. They were not checked,
 * and on a new cluster nothing would bring their kind, so their apply would
 * fail ("no matches for kind"). Objects bound only for existing clusters are
 * left out: such a cluster may well have the CRD.
 */
export function crdLessWarnings(
  objects: readonly ObjectRef[],
  crds: readonly Record<string, unknown>[],
  created: ReadonlyMap<string, string>,
): string[] {
  const defined = new Set(
    crds.map((crd) => {
      const { group, kind } = crdGroupKind(crd);
      return `${group}/${kind}`;
    }),
  );
  const counts = new Map<string, { target: string; kind: string; apiVersion: string; count: number }>();
  for (const { target, object } of objects) {
    const { apiVersion, kind } = object;
    if (!created.has(target) || !needsCrd(apiVersion) || typeof kind !== 'string') continue;
    const group = apiGroup(apiVersion as string);
    if (K3S_GROUPS.has(group) || defined.has(`${group}/${kind}`)) continue;
    const id = `${target}\0${apiVersion as string}\0${kind}`;
    const seen = counts.get(id) ?? { target, kind, apiVersion: apiVersion as string, count: 0 };
    seen.count += 1;
    counts.set(id, seen);
  }
  return [...counts.values()].map(({ target, kind, apiVersion, count }) => {
    const what = count === 1 ? `a ${kind} (${apiVersion}) goes` : `${count} ${kind}s (${apiVersion}) go`;
    return (
      `${target}: ${what} to cluster ${created.get(target)}, which mesh creates, but no target brings the CRD of ${kind}: ` +
      'not checked, and the apply would fail; add the chart that brings the CRD (mesh applies it first), or leave the object out'
    );
  });
}
