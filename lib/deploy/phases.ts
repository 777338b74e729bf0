import type { ManifestTarget } from '../model/targets.js';
import { toYamlStream } from '../yaml/write.js';
import { CLUSTER_SCOPED } from '../model/cluster-scoped.js';
import { hookOf, type Hook } from './hooks.js';
import type { DeployStep, Doc } from './steps.js';
import { parseDoc } from '../render/documents.js';
import { applies, callsOneOf, hookSteps, isWebhookConfiguration, parse, rollsOut, webhookServices } from './step-builders.js';
import { crdNeeds, orderWithCrdNeeds } from '../render/crd-needs.js';
import { objectRef } from './prune.js';
import { refOf, type RemoteRef } from '../modules/remote-ref.js';
import type { KubernetesObject } from '../modules/types.js';
import { filledSliceRefs } from './fill-entry.js';
import { implicitNamespaces, namespaceObjects } from './implicit-namespaces.js';

export type { DeployStep } from './steps.js';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/**
 * Deploys in the order Istio needs: namespaces first (including any a target
 * lives in that no target creates, as `helm --create-namespace` would), then
 * each target in apply order, each followed by waits for what it brought:
 * CRDs Established, workloads rolled out, webhook services with endpoints.
 */
export function planDeploy(given: readonly ManifestTarget[], rendered: ReadonlyMap<string, string>): DeployStep[] {
  const docsOf = new Map(given.map((t) => [t.name, parse(rendered.get(t.name) ?? '')]));
  const targets = orderWithCrdNeeds(given, crdNeeds(given, docsOf));
  const objectsOf = new Map([...docsOf].map(([name, docs]) => [name, docs.map((d) => d.object)]));
  const missing = implicitNamespaces(targets, objectsOf);
  const steps: DeployStep[] = [];
  // Parsed once, and only when an entry is completed at deploy time.
  let seCrd: { found: Record<string, unknown> | undefined } | undefined;
  if (missing.length > 0) {
    steps.push({
      kind: 'apply',
      target: '(namespaces)',
      manifest: toYamlStream(namespaceObjects(missing)),
      objects: missing.map((n) => `Namespace/${n}`),
    });
  }
  for (const target of targets) {
    const all = docsOf.get(target.name)!;
    const inventory = { kind: 'prune', target: target.name, objects: [] as string[] } satisfies DeployStep;
    if (all.length === 0) {
      steps.push(inventory);
      continue;
    }
    const namespace = target.kind === 'chart' ? target.chart.namespace : undefined;
    const hooks = all.map((d) => ({ doc: d, hook: hookOf(d.object) }));
    const kept = hooks.filter((h) => !h.hook).map((h) => h.doc);
    // Entries whose endpoints are another cluster's go last, once found; they stay part of the target.
    const remote = kept.filter((d) => typeof refOf(d.object) === 'object');
    const docs = kept.filter((d) => !remote.includes(d));
    const hooksAt = (phase: 'pre' | 'post') => hooks.filter((h) => h.hook?.phase === phase) as Array<{ doc: Doc; hook: Hook }>;
    const objects = docs.map((d) => d.object);
    const webhooks = webhookServices(objects, namespace);
    const late = (d: Doc) => isWebhookConfiguration(d.object) && callsOneOf(d.object, webhooks);
    const crds = docs.filter((d) => d.object.kind === 'CustomResourceDefinition');
    const namespaces = docs.filter((d) => d.object.kind === 'Namespace');
    // Cluster-scoped objects ahead of namespaced ones in the same call, keeping the chart's order otherwise.
    const rest = docs.filter((d) => !crds.includes(d) && !namespaces.includes(d) && !late(d));
    const ordered = [...rest.filter((d) => CLUSTER_SCOPED.has(d.object.kind!)), ...rest.filter((d) => !CLUSTER_SCOPED.has(d.object.kind!))];
    steps.push(...applies(target.name, namespaces, namespace));
    steps.push(...applies(target.name, crds, namespace));
    if (crds.length > 0) steps.push({ kind: 'wait-crds', target: target.name, crds: crds.map((d) => d.object.metadata!.name!) });
    steps.push(...hookSteps(target.name, hooksAt('pre'), namespace));
    steps.push(...applies(target.name, ordered, namespace));
    for (const o of objects.filter((o) => WORKLOADS.has(o.kind ?? ''))) {
      steps.push({
        kind: rollsOut(o) ? 'rollout' : 'wait-ready',
        target: target.name,
        namespace: o.metadata?.namespace ?? namespace ?? 'default',
        resource: o.kind!.toLowerCase(),
        name: o.metadata!.name!,
      });
    }
    for (const service of webhooks) steps.push({ kind: 'endpoints', target: target.name, ...service });
    steps.push(...applies(target.name, docs.filter(late), namespace));
    for (const d of remote) {
      const entry = d.object as KubernetesObject;
      seCrd ??= { found: serviceEntryCrd(docsOf) };
      const crd = seCrd.found;
      steps.push({ kind: 'remote-endpoints', target: target.name, ref: refOf(entry) as RemoteRef, entry, ...(crd ? { crd } : {}) });
    }
    steps.push(...hookSteps(target.name, hooksAt('post'), namespace));
    // Hooks are not part of what a target keeps, as they are not part of a Helm release.
    inventory.objects = [
      ...kept.map(({ object: o }) =>
        objectRef(
          o.apiVersion,
          o.kind,
          o.metadata?.namespace ?? (CLUSTER_SCOPED.has(o.kind ?? '') ? '' : (namespace ?? 'default')),
          o.metadata?.name,
        ),
      ),
      ...remote
        .flatMap((d) => filledSliceRefs(d.object as KubernetesObject))
        .map((s) => objectRef('discovery.k8s.io/v1', 'EndpointSlice', s.namespace, s.name)),
    ];
    steps.push(inventory);
  }
  steps.push({ kind: 'prune-gone', targets: targets.map((t) => t.name) });
  return steps;
}

// The entry is completed at deploy time, so it is checked then against the CRD the cluster gets.
function serviceEntryCrd(docsOf: ReadonlyMap<string, Doc[]>): Record<string, unknown> | undefined {
  for (const docs of docsOf.values()) {
    const found = docs.find(
      (d) => d.object.kind === 'CustomResourceDefinition' && d.object.metadata?.name === 'serviceentries.networking.istio.io',
    );
    if (found) return parseDoc(found.text) as Record<string, unknown>;
  }
  return undefined;
}
