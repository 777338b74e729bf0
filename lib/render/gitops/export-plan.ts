import type { ManifestTarget } from '../../model/targets.js';
import { hookOf } from '../../deploy/hooks.js';
import { parse } from '../../deploy/step-builders.js';
import type { Doc } from '../../deploy/steps.js';
import { implicitNamespaces } from '../../deploy/implicit-namespaces.js';
import { refOf } from '../../modules/remote-ref.js';
import type { CrdNeed } from '../crd-needs.js';
import { placeInNamespace } from './namespaced.js';
import { customKinds } from '../custom-kinds.js';

/** A target as a GitOps engine gets it: the objects `mesh deploy` would apply, each in its namespace. */
export interface ExportedTarget {
  name: string;
  /** Where the chart renders into; objects that name no namespace were placed there. */
  namespace?: string;
  docs: Doc[];
  /** What it needs, among the targets of the same cluster (the config's, mesh's and the CRDs'). */
  needs: string[];
  /** Its place in the sync order: 1 + the highest wave it needs (the namespaces mesh creates are wave 0). */
  wave: number;
}

/** One cluster's export, in apply order. */
export interface ClusterExport {
  name: string;
  /** Namespaces that targets live in but no target creates. */
  namespaces: string[];
  targets: ExportedTarget[];
}

/**
 * Plans the export of each cluster: the same objects, order and namespaces
 * as `mesh deploy`, as data. Helm's test, delete and rollback hooks are left
 * out as deploy leaves them out; install hooks stay, annotated as Helm wrote
 * them. `warn` hears of entries whose endpoints only `mesh deploy` can fill.
 */
export function planExport(
  clusters: ReadonlyArray<{ name: string; targets: readonly string[] }>,
  targets: readonly ManifestTarget[],
  rendered: ReadonlyMap<string, string>,
  crdNeeds: readonly CrdNeed[],
  warn: (message: string) => void,
): ClusterExport[] {
  const docsOf = new Map(targets.map((t) => [t.name, parse(rendered.get(t.name) ?? '')]));
  const custom = customKinds([...docsOf.values()].flat());
  const byName = new Map(targets.map((t) => [t.name, t]));
  const exported = new Map<string, Omit<ExportedTarget, 'needs' | 'wave'>>();
  for (const target of targets) {
    const namespace = target.kind === 'chart' ? target.chart.namespace : undefined;
    const kept = docsOf.get(target.name)!.filter((d) => hookOf(d.object)?.phase !== 'skip');
    const remote = kept.filter((d) => typeof refOf(d.object) === 'object');
    if (remote.length > 0) {
      const names = remote.map((d) => d.object.metadata?.name).join(', ');
      warn(
        `${target.name}: ServiceEntry ${names}: its endpoints are another cluster's node addresses, which \`mesh deploy\` ` +
          "fills in; the export holds it without them, so for a GitOps engine give it fixed endpoints (mkServiceEntry's `endpoints`)",
      );
    }
    const docs = kept.map((d) => placeInNamespace(d, namespace, custom));
    exported.set(target.name, { name: target.name, ...(namespace === undefined ? {} : { namespace }), docs });
  }
  return clusters.map((cluster) => {
    const members = cluster.targets.map((name) => byName.get(name)!);
    const inCluster = new Set(cluster.targets);
    const namespaces = implicitNamespaces(members, new Map(members.map((t) => [t.name, exported.get(t.name)!.docs.map((d) => d.object)])));
    const waves = new Map<string, number>();
    const out = members.map((target) => {
      const needs = [...new Set([...target.needs, ...crdNeeds.filter((n) => n.target === target.name).map((n) => n.owner)])].filter((n) =>
        inCluster.has(n),
      );
      // Apply order puts every target after what it needs, so their waves are known by now.
      const wave = Math.max(0, ...needs.map((n) => waves.get(n) ?? 0)) + 1;
      waves.set(target.name, wave);
      return { ...exported.get(target.name)!, needs, wave };
    });
    return { name: cluster.name, namespaces, targets: out };
  });
}
