import { apiGroup, documentStream } from '../render/documents.js';
import { hookOf } from '../deploy/hooks.js';
import { objectRef, PruneSession, resourceOf } from '../deploy/prune.js';
import { parse } from '../deploy/step-builders.js';
import { MeshError } from '../errors.js';
import { CLUSTER_SCOPED } from '../model/cluster-scoped.js';
import type { ManifestTarget } from '../model/targets.js';
import type { KubectlAdapter } from '../tools/kubectl/types.js';
import { comparable, unifiedDiff } from './object-diff.js';
import { managedByMesh } from '../deploy/managed-by.js';
import type { Doc } from '../deploy/steps.js';

/** One thing deploy would change. */
export interface Change {
  target: string;
  /** `Deployment istio-system/istiod`, `ClusterRole istiod-clusterrole`. */
  object: string;
  change: 'create' | 'update' | 'delete';
  /** A unified diff of the object's YAML, live against what the server would store. */
  diff?: string;
  /** Why there is no diff (`the server cannot dry-run it before its CRD exists`). */
  note?: string;
}

const AT_ONCE = 8;

/**
 * What `mesh deploy` would change on one cluster, from the API server's own
 * server-side dry run of each object under mesh's field manager, compared
 * with the live object, as `kubectl diff --server-side` compares them; and
 * what its pruning would delete: what a target's inventory holds and it no
 * longer renders, and every object of a target the cluster no longer gets.
 */
export async function diffCluster(args: {
  context: string;
  targets: readonly ManifestTarget[];
  rendered: ReadonlyMap<string, string>;
  kubectl: KubectlAdapter;
  pruneCrds: boolean;
  signal: AbortSignal;
}): Promise<Change[]> {
  const { context, kubectl, signal } = args;
  const items = args.targets.flatMap((target) => {
    const namespace = target.kind === 'chart' ? target.chart.namespace : undefined;
    return parse(args.rendered.get(target.name) ?? '')
      .filter((d) => hookOf(d.object)?.phase !== 'skip')
      .map((d) => {
        const kind = d.object.kind ?? '';
        const ns = d.object.metadata?.namespace ?? (CLUSTER_SCOPED.has(kind) ? undefined : namespace);
        return { target: target.name, doc: d, kind, name: d.object.metadata?.name ?? '', namespace: ns };
      });
  });
  const changes: Array<Change | undefined> = [];
  for (let i = 0; i < items.length; i += AT_ONCE) {
    const batch = items.slice(i, i + AT_ONCE);
    changes.push(...(await Promise.all(batch.map((item) => objectChange(item, context, kubectl, signal)))));
  }
  const kept = new Set(items.map((i) => objectRef(i.doc.object.apiVersion, i.kind, i.namespace ?? '', i.name)));
  const deletions = await pruned(args, kept);
  return [...changes.filter((c): c is Change => c !== undefined), ...deletions];
}

async function objectChange(
  item: {
    target: string;
    doc: { text: string; object: { apiVersion?: string } };
    kind: string;
    name: string;
    namespace?: string | undefined;
  },
  context: string,
  kubectl: KubectlAdapter,
  signal: AbortSignal,
): Promise<Change | undefined> {
  const { target, kind, name, namespace } = item;
  const group = apiGroup(item.doc.object.apiVersion);
  const resource = resourceOf(group, kind);
  const shown = shownObject(kind, namespace, name);
  const scope = namespace === undefined ? {} : { namespace };
  // Absent is undefined; any other failure to read it is an error, not a new object.
  const live = await kubectl.getJson<Record<string, unknown>>({ context, resource, name, ...scope }, signal);
  const manifest = documentStream([managedByMesh(item.doc as Doc)]);
  const merged = await kubectl.dryRunApply({ context, namespace: namespace ?? 'default', manifest, manager: 'apply' }, signal);
  if ('refused' in merged) {
    if (live !== undefined) {
      throw new MeshError(`the API server refuses the dry run of ${shown} (target ${target}): ${merged.refused}`, {
        hint: 'deploy would fail on it too; fix the object or the values that render it',
      });
    }
    return { target, object: shown, change: 'create', note: `the server cannot dry-run it yet (${merged.refused})` };
  }
  const { before, after } = comparable(live, merged.object as Record<string, unknown>);
  const file = `${group ? `${group}.` : ''}${kind}.${namespace ?? ''}.${name}`.replace(/\.\./g, '.');
  const diff = unifiedDiff(file, before, after);
  if (diff === undefined) return undefined;
  return { target, object: shown, change: live === undefined ? 'create' : 'update', diff };
}

async function pruned(
  args: { context: string; targets: readonly ManifestTarget[]; kubectl: KubectlAdapter; pruneCrds: boolean; signal: AbortSignal },
  kept: ReadonlySet<string>,
): Promise<Change[]> {
  const session = new PruneSession(
    args.kubectl,
    args.context,
    { pruneCrds: args.pruneCrds, dryRun: true, report: () => undefined },
    args.signal,
  );
  const recorded = await session.recorded();
  const out: Change[] = [];
  for (const [target, refs] of recorded) {
    for (const ref of refs.filter((r) => !kept.has(r))) {
      const [, kind = '', namespace = '', name = ''] = ref.split('|');
      if (kind === 'CustomResourceDefinition' && !args.pruneCrds) continue;
      const gone = !args.targets.some((t) => t.name === target);
      out.push({
        target,
        object: shownObject(kind, namespace, name),
        change: 'delete',
        note: gone ? 'the cluster no longer gets this target' : 'no longer rendered',
      });
    }
  }
  return out;
}

/** `Deployment istio-system/istiod`, `ClusterRole istiod-clusterrole`: an object as a change names it. */
function shownObject(kind: string, namespace: string | undefined, name: string): string {
  return `${kind} ${namespace ? `${namespace}/` : ''}${name}`;
}
