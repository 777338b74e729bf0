import { MeshError } from '../errors.js';
import { plural } from '../text/plural.js';
import type { ManifestTarget } from '../model/targets.js';
import type { KubectlAdapter } from '../tools/kubectl/types.js';
import { headerOrParse, splitDocuments } from '../render/documents.js';
import { crossClusterChecks } from './cross-cluster.js';
import { caBundleCheck, gatewayAddressCheck, injectionCheck, proxySyncCheck, type MeshCheck } from './mesh-checks.js';

/** A verify that ran every check and some failed: the results travel with it for `--json`. */
export class ChecksFailedError extends MeshError {
  constructor(
    message: string,
    readonly results: CheckResult[],
  ) {
    super(message, { hint: 'see the checks above; `mesh deploy` re-applies and waits with details of what is not ready' });
  }
}

export interface CheckResult {
  cluster: string;
  check: string;
  ok: boolean;
  detail: string;
}

interface Obj {
  kind?: string;
  metadata?: { name?: string; namespace?: string };
  spec?: { selector?: { matchLabels?: Record<string, string> }; type?: string };
}

interface Item {
  kind?: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  status?: { phase?: string; conditions?: Array<{ type: string; status: string; reason?: string; message?: string }> };
}

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** One read of everything the checks look at: a kubectl call costs more than the parsing. */
const RESOURCES = 'customresourcedefinitions,deployments,mutatingwebhookconfigurations,pods';

/**
 * The checks `mesh verify` runs against a cluster, derived from what its
 * targets deploy: their CRDs Established, the control plane available, its
 * sidecar injector webhook present with its CA bundle and injecting for real,
 * every pod of the Istio namespaces Ready, each proxy there in sync with
 * istiod, and the gateways' pods Ready and their Services addressed.
 */
export async function verifyCluster(args: {
  cluster: string;
  context: string;
  targets: readonly ManifestTarget[];
  rendered: ReadonlyMap<string, string>;
  kubectl: KubectlAdapter;
  signal: AbortSignal;
  /** How long a probe of a cross-cluster host may take to pass. */
  timeoutSeconds?: number;
}): Promise<CheckResult[]> {
  const { cluster } = args;
  const objects = (role?: ManifestTarget['role']) =>
    args.targets.filter((t) => !role || t.role === role).flatMap((t) => parse(args.rendered.get(t.name) ?? '', t));
  const live =
    (await args.kubectl.getJson<{ items: Item[] }>({ context: args.context, resource: RESOURCES, allNamespaces: true }, args.signal))
      ?.items ?? [];
  const find = (kind: string, name?: string, namespace?: string) =>
    live.filter(
      (i) =>
        i.kind === kind &&
        (name === undefined || i.metadata.name === name) &&
        (namespace === undefined || i.metadata.namespace === namespace),
    );
  const results: CheckResult[] = [];
  const add = (check: string, ok: boolean, detail: string) => results.push({ cluster, check, ok, detail });

  const crds = objects()
    .filter((o) => o.kind === 'CustomResourceDefinition')
    .map((o) => o.metadata!.name!);
  if (crds.length > 0) {
    const missing = crds.filter((name) => !hasCondition(find('CustomResourceDefinition', name)[0], 'Established'));
    add(
      'CRDs Established',
      missing.length === 0,
      missing.length ? `not Established: ${missing.join(', ')}` : `${crds.length} CRDs Established`,
    );
  }
  for (const d of objects('control-plane').filter((o) => o.kind === 'Deployment')) {
    const deployment = find('Deployment', d.metadata!.name!, d.metadata!.namespace!)[0];
    const ok = hasCondition(deployment, 'Available');
    add(`${d.metadata!.name} available`, ok, ok ? 'Available' : (reasonOf(deployment, 'Available') ?? 'not found'));
  }
  const injectors = objects('control-plane').filter((o) => o.kind === 'MutatingWebhookConfiguration');
  for (const hook of injectors) {
    const [live] = find('MutatingWebhookConfiguration', hook.metadata!.name!);
    add(
      'sidecar injector webhook present',
      live !== undefined,
      `mutatingwebhookconfiguration/${hook.metadata!.name}${live ? '' : ' not found'}`,
    );
    const bundle = caBundleCheck(hook.metadata!.name!, live as Parameters<typeof caBundleCheck>[1]);
    add(bundle.check, bundle.ok, bundle.detail);
  }
  const { kubectl, context, signal } = args;
  const more: Array<Promise<MeshCheck>> = [];
  if (injectors.length > 0) more.push(injectionCheck(kubectl, context, signal));
  for (const service of objects('gateway').filter((o) => o.kind === 'Service' && o.spec?.type === 'LoadBalancer')) {
    more.push(gatewayAddressCheck(kubectl, context, service.metadata!.namespace!, service.metadata!.name!, signal));
  }
  const istioNamespaces = [...new Set(args.targets.filter((t) => t.kind === 'chart' && t.chart.istio).flatMap((t) => t.namespaces))].sort();
  for (const namespace of istioNamespaces) {
    const pods = find('Pod', undefined, namespace).filter((p) => p.status?.phase !== 'Succeeded');
    const notReady = pods.filter((p) => !hasCondition(p, 'Ready')).map((p) => p.metadata.name);
    // A namespace the config runs workloads in has pods; none at all is a failure, not a pass.
    const empty = pods.length === 0 && objects().some((o) => WORKLOADS.has(o.kind ?? '') && o.metadata?.namespace === namespace);
    const detail = empty
      ? 'no pods, though workloads are deployed there'
      : notReady.length
        ? `not Ready: ${notReady.join(', ')}`
        : `${plural(pods.length, 'pod')} Ready`;
    add(`pods in ${namespace} Ready`, notReady.length === 0 && !empty, detail);
  }
  const istiod = objects('control-plane').find((o) => o.kind === 'Deployment' && o.metadata?.name === 'istiod');
  if (istiod) more.push(proxySyncCheck(kubectl, context, istiod.metadata!.namespace!, istioNamespaces, signal));
  for (const check of await Promise.all(more)) add(check.check, check.ok, check.detail);
  for (const gateway of objects('gateway').filter((o) => o.kind === 'Deployment')) {
    const labels = Object.entries(gateway.spec?.selector?.matchLabels ?? {});
    const pods = find('Pod', undefined, gateway.metadata!.namespace!).filter((p) => labels.every(([k, v]) => p.metadata.labels?.[k] === v));
    const ready = pods.filter((p) => hasCondition(p, 'Ready'));
    add(
      `gateway ${gateway.metadata!.name} pods Ready`,
      pods.length > 0 && ready.length === pods.length,
      `${ready.length}/${pods.length} Ready`,
    );
  }
  for (const check of await crossClusterChecks(kubectl, context, args.targets, args.timeoutSeconds ?? 120, signal)) {
    add(check.check, check.ok, check.detail);
  }
  return results;
}

function parse(text: string, target: ManifestTarget): Obj[] {
  const namespace = target.kind === 'chart' ? target.chart.namespace : undefined;
  return splitDocuments(text)
    .filter((doc) => doc.kind !== undefined)
    .map((doc) => headerOrParse(doc) as Obj)
    .map((o) => ({ ...o, metadata: { ...o.metadata, namespace: o.metadata?.namespace ?? namespace } }));
}

function hasCondition(item: Item | undefined, type: string): boolean {
  return item?.status?.conditions?.some((c) => c.type === type && c.status === 'True') ?? false;
}

function reasonOf(item: Item | undefined, type: string): string | undefined {
  const condition = item?.status?.conditions?.find((c) => c.type === type);
  return condition
    ? `${type}=${condition.status}${condition.reason ? ` (${condition.reason}: ${condition.message ?? ''})` : ''}`
    : undefined;
}
