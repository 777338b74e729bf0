import type { KubectlAdapter } from '../tools/kubectl/types.js';
import { FIELD_MANAGER } from '../tools/kubectl/types.js';
import { toYaml } from '../yaml/write.js';

/**
 * What mesh applied for each target lives in the cluster, in a ConfigMap per
 * target in kube-system: `group|Kind|namespace|name` per line, in apply
 * order. A deploy deletes what the target applied last time and no longer
 * renders, then records what it applied now, as `helm upgrade` deletes the
 * resources a release no longer has.
 */
const NAMESPACE = 'kube-system';
const LABEL = 'k3d-mesh.dev/inventory';

export interface PruneOptions {
  /** CRDs are only deleted when asked: deleting one deletes every object of its kind. */
  pruneCrds: boolean;
  dryRun: boolean;
  report: (line: string) => void;
}

/** `group|Kind|namespace|name`: how the inventory names an object. */
export function objectRef(
  apiVersion: string | undefined,
  kind: string | undefined,
  namespace: string | undefined,
  name: string | undefined,
): string {
  const slash = apiVersion?.lastIndexOf('/') ?? -1;
  const group = slash < 0 ? '' : apiVersion!.slice(0, slash);
  return `${group}|${kind ?? ''}|${namespace ?? ''}|${name ?? ''}`;
}

/** Deletes, in reverse apply order, what the target's inventory has and `objects` has not; then records `objects`. */
export async function pruneTarget(
  kubectl: KubectlAdapter,
  context: string,
  target: string,
  objects: readonly string[],
  options: PruneOptions,
  signal: AbortSignal,
): Promise<void> {
  const before = await readInventory(kubectl, context, target, signal);
  const stale = (before ?? []).filter((ref) => !objects.includes(ref));
  const keptCrds = stale.filter((ref) => isCrd(ref) && !options.pruneCrds);
  for (const ref of [...stale].reverse()) {
    if (keptCrds.includes(ref)) {
      options.report(`${target}: ${shown(ref)} is no longer rendered; kept, as CRDs are only pruned with --prune-crds`);
      continue;
    }
    await deleteIfMine(kubectl, context, target, ref, options, signal);
  }
  if (options.dryRun) return;
  const after = [...objects, ...keptCrds];
  if (before === undefined ? after.length === 0 : before.join('\n') === after.join('\n')) return;
  await kubectl.apply({ context, manifest: `---\n${toYaml(inventory(target, after))}` }, signal);
}

/** Targets this cluster got before and no longer gets: everything they applied goes, and their inventories. */
export async function pruneGoneTargets(
  kubectl: KubectlAdapter,
  context: string,
  deployed: readonly string[],
  options: PruneOptions,
  signal: AbortSignal,
): Promise<void> {
  const list = await kubectl.getJson<{ items?: Array<{ metadata?: { labels?: Record<string, string> } }> }>(
    { context, resource: 'configmaps', namespace: NAMESPACE, selector: LABEL },
    signal,
  );
  const gone = (list?.items ?? []).map((cm) => cm.metadata?.labels?.[LABEL] ?? '').filter((t) => t !== '' && !deployed.includes(t));
  for (const target of gone.sort().reverse()) {
    options.report(`${target} is no longer deployed to this cluster; removing what it applied`);
    await pruneTarget(kubectl, context, target, [], options, signal);
    const left = await readInventory(kubectl, context, target, signal);
    if (!options.dryRun && (left ?? []).length === 0) {
      await kubectl.delete({ context, namespace: NAMESPACE, kind: 'configmap', name: inventoryName(target) }, signal);
    }
  }
}

async function deleteIfMine(
  kubectl: KubectlAdapter,
  context: string,
  target: string,
  ref: string,
  options: PruneOptions,
  signal: AbortSignal,
): Promise<void> {
  const [group = '', kind = '', namespace = '', name = ''] = ref.split('|');
  const resource = group === '' ? kind.toLowerCase() : `${kind.toLowerCase()}.${group}`;
  const scope = namespace === '' ? {} : { namespace };
  const live = await kubectl.getJson<{ metadata?: { managedFields?: Array<{ manager?: string }> } }>(
    { context, resource, name, ...scope },
    signal,
  );
  if (live === undefined) return;
  // Only what mesh applied: an object another tool took over since is left to it.
  if (!(live.metadata?.managedFields ?? []).some((f) => f.manager === FIELD_MANAGER)) {
    return options.report(`${target}: ${shown(ref)} is no longer rendered, but mesh no longer manages it; left alone`);
  }
  options.report(`${target}: ${shown(ref)} is no longer rendered and ${options.dryRun ? 'would be' : 'is'} deleted`);
  if (!options.dryRun) await kubectl.delete({ context, ...scope, kind: resource, name }, signal);
}

async function readInventory(kubectl: KubectlAdapter, context: string, target: string, signal: AbortSignal): Promise<string[] | undefined> {
  const cm = await kubectl.getJson<{ data?: { objects?: string } }>(
    { context, resource: 'configmap', name: inventoryName(target), namespace: NAMESPACE },
    signal,
  );
  if (cm === undefined) return undefined;
  return (cm.data?.objects ?? '').split('\n').filter((line) => line.trim() !== '');
}

function inventory(target: string, objects: readonly string[]) {
  return {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      name: inventoryName(target),
      namespace: NAMESPACE,
      labels: { [LABEL]: target, 'app.kubernetes.io/managed-by': 'k3d-mesh' },
    },
    data: { objects: objects.join('\n') },
  };
}

function inventoryName(target: string): string {
  return `k3d-mesh.inventory.${target}`;
}

function isCrd(ref: string): boolean {
  return ref.startsWith('apiextensions.k8s.io|CustomResourceDefinition|');
}

function shown(ref: string): string {
  const [, kind, namespace, name] = ref.split('|');
  return `${kind}/${name}${namespace ? ` in ${namespace}` : ''}`;
}
