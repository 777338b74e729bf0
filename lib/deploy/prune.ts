import type { KubectlAdapter } from '../tools/kubectl/types.js';
import { FIELD_MANAGER } from '../tools/kubectl/types.js';
import { toYamlStream } from '../yaml/write.js';
import { MANAGED_BY } from './managed-by.js';
import { apiGroup } from '../render/documents.js';

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

interface ConfigMapList {
  items?: Array<{ metadata?: { labels?: Record<string, string> }; data?: { objects?: string } }>;
}

/** `group|Kind|namespace|name`: how the inventory names an object. */
export function objectRef(
  apiVersion: string | undefined,
  kind: string | undefined,
  namespace: string | undefined,
  name: string | undefined,
): string {
  return `${apiGroup(apiVersion)}|${kind ?? ''}|${namespace ?? ''}|${name ?? ''}`;
}

/** The resource name kubectl gets an object of a kind by: `kind` for the core group, `kind.group` otherwise. */
export function resourceOf(group: string, kind: string): string {
  return group === '' ? kind.toLowerCase() : `${kind.toLowerCase()}.${group}`;
}

/**
 * One deploy's pruning of one cluster: every inventory read in one call when
 * the first target needs it, each target pruned after it was applied, and
 * the changed inventories written together by `finish`, also after a failure
 * (for the targets that got that far).
 */
export class PruneSession {
  #before: Map<string, string[]> | undefined;
  readonly #after = new Map<string, string[]>();

  constructor(
    private readonly kubectl: KubectlAdapter,
    private readonly context: string,
    private readonly options: PruneOptions,
    private readonly signal: AbortSignal,
  ) {}

  /** Deletes, in reverse apply order, what the target's inventory has and `objects` has not. */
  async pruneTarget(target: string, objects: readonly string[]): Promise<void> {
    const before = (await this.#inventories()).get(target) ?? [];
    const stale = before.filter((ref) => !objects.includes(ref));
    const keptCrds = stale.filter((ref) => isCrd(ref) && !this.options.pruneCrds);
    for (const ref of [...stale].reverse()) {
      if (keptCrds.includes(ref))
        this.options.report(`${target}: ${shown(ref)} is no longer rendered; kept, as CRDs are only pruned with --prune-crds`);
      else await this.#deleteIfMine(target, ref);
    }
    this.#after.set(target, [...objects, ...keptCrds]);
  }

  /** Targets this cluster got before and no longer gets: everything they applied goes. */
  async pruneGone(deployed: readonly string[]): Promise<void> {
    const gone = [...(await this.#inventories()).keys()]
      .filter((t) => !deployed.includes(t))
      .sort()
      .reverse();
    for (const target of gone) {
      this.options.report(`${target} is no longer deployed to this cluster; removing what it applied`);
      await this.pruneTarget(target, []);
    }
  }

  /**
   * Everything mesh applied to the cluster, for `mesh down` of a cluster it did not create: the
   * targets in reverse apply order (`order`), those the config no longer has first. CRDs stay unless
   * pruneCrds, as they take every object of their kind with them.
   */
  async removeAll(order: readonly string[]): Promise<number> {
    const known = await this.#inventories();
    const gone = [...known.keys()]
      .filter((t) => !order.includes(t))
      .sort()
      .reverse();
    const targets = [...gone, ...[...order].reverse().filter((t) => known.has(t))];
    for (const target of targets) await this.pruneTarget(target, []);
    return targets.length;
  }

  /** Writes the inventories that changed in one apply, and deletes those left empty. */
  async finish(): Promise<void> {
    if (this.options.dryRun || this.#before === undefined) return;
    const changed = [...this.#after].filter(([target, refs]) => (this.#before!.get(target) ?? []).join('\n') !== refs.join('\n'));
    const written = changed.filter(([, refs]) => refs.length > 0);
    if (written.length > 0) {
      await this.kubectl.apply(
        { context: this.context, manifest: toYamlStream(written.map(([t, refs]) => inventory(t, refs))) },
        this.signal,
      );
    }
    for (const [target] of changed.filter(([t, refs]) => refs.length === 0 && this.#before!.has(t))) {
      await this.kubectl.delete(
        { context: this.context, namespace: NAMESPACE, kind: 'configmap', name: inventoryName(target) },
        this.signal,
      );
    }
  }

  /** What each target's inventory holds now: target -> `group|Kind|namespace|name`, in apply order. */
  recorded(): Promise<ReadonlyMap<string, readonly string[]>> {
    return this.#inventories();
  }

  async #inventories(): Promise<Map<string, string[]>> {
    if (this.#before === undefined) {
      const list = await this.kubectl.getJson<ConfigMapList>(
        { context: this.context, resource: 'configmaps', namespace: NAMESPACE, selector: LABEL },
        this.signal,
      );
      this.#before = new Map(
        (list?.items ?? [])
          .map((cm) => [cm.metadata?.labels?.[LABEL] ?? '', (cm.data?.objects ?? '').split('\n').filter((l) => l.trim() !== '')] as const)
          .filter(([target]) => target !== ''),
      );
    }
    return this.#before;
  }

  async #deleteIfMine(target: string, ref: string): Promise<void> {
    const [group = '', kind = '', namespace = '', name = ''] = ref.split('|');
    const resource = resourceOf(group, kind);
    const scope = namespace === '' ? {} : { namespace };
    const live = await this.kubectl.getJson<{ metadata?: { managedFields?: Array<{ manager?: string; fieldsV1?: unknown }> } }>(
      { context: this.context, resource, name, ...scope },
      this.signal,
    );
    if (live === undefined) return;
    // Only what mesh applied: an object another tool took over since is left to it.
    const managers = live.metadata?.managedFields ?? [];
    const mine = managers.find((f) => f.manager === FIELD_MANAGER);
    // Only mesh's label left, and someone else holding the rest: taken over. A bare object (a Namespace) is all label.
    const takenOver = mine !== undefined && !ownsMoreThanItsLabel(mine.fieldsV1) && managers.some((f) => f.manager !== FIELD_MANAGER);
    if (mine === undefined || takenOver) {
      return this.options.report(`${target}: ${shown(ref)} is no longer rendered, but mesh no longer manages it; left alone`);
    }
    this.options.report(`${target}: ${shown(ref)} is no longer rendered and ${this.options.dryRun ? 'would be' : 'is'} deleted`);
    if (!this.options.dryRun) await this.kubectl.delete({ context: this.context, ...scope, kind: resource, name }, this.signal);
  }
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

/**
 * Whether mesh's managed fields hold more than the managed-by label it stamps on everything: after
 * another tool took an object over, mesh still owns that label, but the object is no longer its own.
 */
function ownsMoreThanItsLabel(fieldsV1: unknown): boolean {
  if (fieldsV1 === null || typeof fieldsV1 !== 'object') return true;
  const { 'f:metadata': metadata, ...rest } = fieldsV1 as Record<string, unknown>;
  if (Object.keys(rest).length > 0) return true;
  const { 'f:labels': labels, ...otherMetadata } = (metadata ?? {}) as Record<string, unknown>;
  if (Object.keys(otherMetadata).length > 0) return true;
  return Object.keys((labels ?? {}) as Record<string, unknown>).some((key) => key !== `f:${MANAGED_BY}`);
}
