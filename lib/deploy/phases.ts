import type { ManifestTarget } from '../model/targets.js';
import { expandList, headerOrParse, splitDocuments } from '../render/documents.js';
import { toYaml, toYamlStream } from '../yaml/write.js';
import { CLUSTER_SCOPED } from '../model/cluster-scoped.js';
import { hookOf, type Hook } from './hooks.js';
import { crdNeeds, orderWithCrdNeeds } from '../render/crd-needs.js';
import { objectRef } from './prune.js';

/**
 * One step of deploying a cluster, as data: `mesh up --dry-run` prints them,
 * tests assert their order, the deploy task runs them.
 */
export type DeployStep =
  | { kind: 'apply'; target: string; namespace?: string; manifest: string; objects: string[] }
  | { kind: 'wait-crds'; target: string; crds: string[] }
  | { kind: 'rollout'; target: string; namespace: string; resource: string; name: string }
  /** A DaemonSet or StatefulSet with `updateStrategy: OnDelete`, which `rollout status` refuses: its pods ready. */
  | { kind: 'wait-ready'; target: string; namespace: string; resource: string; name: string }
  | { kind: 'endpoints'; target: string; namespace: string; service: string }
  | { kind: 'delete'; target: string; namespace?: string; resource: string; name: string }
  | { kind: 'wait-job'; target: string; namespace: string; name: string }
  /** Delete what the target applied before and no longer renders (`objects`: what it has now), then record `objects`. */
  | { kind: 'prune'; target: string; objects: string[] }
  /** Delete what targets this cluster no longer gets applied before. */
  | { kind: 'prune-gone'; targets: string[] };

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'DaemonSet']);

/** Namespaces every cluster has from the start. */
const BUILT_IN_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

interface Obj {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; annotations?: Record<string, unknown> };
  webhooks?: Array<{ clientConfig?: { service?: { name?: string; namespace?: string } } }>;
}

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
  const created = new Set(
    [...objectsOf.values()]
      .flat()
      .filter((o) => o.kind === 'Namespace')
      .map((o) => o.metadata?.name),
  );
  const wanted = new Set(targets.flatMap((t) => [...t.namespaces, ...objectsOf.get(t.name)!.map((o) => o.metadata?.namespace)]));
  const missing = [...wanted].filter((ns): ns is string => !!ns && !BUILT_IN_NAMESPACES.has(ns) && !created.has(ns)).sort();
  const steps: DeployStep[] = [];
  if (missing.length > 0) {
    const namespaces = missing.map((name) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } }));
    steps.push({
      kind: 'apply',
      target: '(namespaces)',
      manifest: toYamlStream(namespaces),
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
    const docs = hooks.filter((h) => !h.hook).map((h) => h.doc);
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
    steps.push(...hookSteps(target.name, hooksAt('post'), namespace));
    // Hooks are not part of what a target keeps, as they are not part of a Helm release.
    inventory.objects = docs.map(({ object: o }) =>
      objectRef(
        o.apiVersion,
        o.kind,
        o.metadata?.namespace ?? (CLUSTER_SCOPED.has(o.kind ?? '') ? '' : (namespace ?? 'default')),
        o.metadata?.name,
      ),
    );
    steps.push(inventory);
  }
  steps.push({ kind: 'prune-gone', targets: targets.map((t) => t.name) });
  return steps;
}

// kubectl's status viewers follow only RollingUpdate; a Deployment's other strategy (Recreate) still rolls out.
function rollsOut(object: { kind?: string | undefined; spec?: unknown }): boolean {
  if (object.kind === 'Deployment') return true;
  const type = (object.spec as { updateStrategy?: { type?: unknown } } | undefined)?.updateStrategy?.type;
  return type === undefined || type === 'RollingUpdate';
}

/**
 * `kubectl apply -n` places objects that name no namespace, and refuses any
 * that name another; those go in a second call. The given order is kept within each.
 */
function applies(target: string, docs: readonly Doc[], namespace: string | undefined): DeployStep[] {
  const placed = docs.filter((d) => namespace && (!d.object.metadata?.namespace || d.object.metadata.namespace === namespace));
  const named = docs.filter((d) => !placed.includes(d));
  const steps: DeployStep[] = [];
  if (placed.length > 0)
    steps.push({ kind: 'apply', target, namespace: namespace!, manifest: join(placed), objects: placed.map((d) => id(d.object)) });
  if (named.length > 0) steps.push({ kind: 'apply', target, manifest: join(named), objects: named.map((d) => id(d.object)) });
  return steps;
}

/**
 * Hooks of one phase, by weight as Helm runs them: each weight's old objects
 * deleted where their policy says so, then applied, then their Jobs waited for.
 */
function hookSteps(target: string, hooks: ReadonlyArray<{ doc: Doc; hook: Hook }>, namespace: string | undefined): DeployStep[] {
  const weights = [...new Set(hooks.map((h) => h.hook.weight))].sort((a, b) => a - b);
  return weights.flatMap((weight) => {
    const group = hooks.filter((h) => h.hook.weight === weight);
    const where = (o: Obj) => o.metadata?.namespace ?? namespace;
    const remove = (o: Obj): DeployStep => ({ kind: 'delete', target, ...optional(where(o)), resource: o.kind!, name: o.metadata!.name! });
    const jobs: DeployStep[] = group
      .filter((h) => h.doc.object.kind === 'Job')
      .map(({ doc: { object: o } }) => ({ kind: 'wait-job', target, namespace: where(o) ?? 'default', name: o.metadata!.name! }));
    const docs = group.map((h) => h.doc);
    const deletes = group.filter((h) => h.hook.recreate).map((h) => remove(h.doc.object));
    const cleanUps = group.filter((h) => h.hook.cleanUp).map((h) => remove(h.doc.object));
    return [...deletes, ...applies(target, docs, namespace), ...jobs, ...cleanUps];
  });
}

function optional(namespace: string | undefined): { namespace?: string } {
  return namespace === undefined ? {} : { namespace };
}

function isWebhookConfiguration(o: Obj): boolean {
  return o.kind === 'MutatingWebhookConfiguration' || o.kind === 'ValidatingWebhookConfiguration';
}

function callsOneOf(o: Obj, services: ReadonlyArray<{ namespace: string; service: string }>): boolean {
  return (o.webhooks ?? []).some((hook) =>
    services.some((s) => s.service === hook.clientConfig?.service?.name && s.namespace === hook.clientConfig?.service?.namespace),
  );
}

// A webhook whose service this target also deploys must answer before
// anything later is applied, or the apiserver rejects (or skips) it.
function webhookServices(objects: Obj[], namespace: string | undefined): Array<{ namespace: string; service: string }> {
  const services = new Set(
    objects.filter((o) => o.kind === 'Service').map((o) => `${o.metadata?.namespace ?? namespace}/${o.metadata?.name}`),
  );
  const out = new Map<string, { namespace: string; service: string }>();
  for (const o of objects) {
    if (!isWebhookConfiguration(o)) continue;
    for (const hook of o.webhooks ?? []) {
      const svc = hook.clientConfig?.service;
      const key = `${svc?.namespace}/${svc?.name}`;
      if (svc?.name && svc.namespace && services.has(key)) out.set(key, { namespace: svc.namespace, service: svc.name });
    }
  }
  return [...out.values()];
}

interface Doc {
  text: string;
  object: Obj;
}

// A List's items are applied, waited for and ordered one by one, as kubectl would apply them.
function parse(text: string): Doc[] {
  return splitDocuments(text).flatMap((doc) => {
    const object = headerOrParse(doc);
    const items = expandList(object);
    const docs =
      items.length === 1 && items[0] === object
        ? [{ text: doc.text, object }]
        : items.map((item) => ({ text: toYaml(item), object: item }));
    return docs.filter((d): d is Doc => !!d.object && typeof d.object === 'object' && typeof (d.object as Obj).kind === 'string');
  });
}

function join(docs: ReadonlyArray<{ text: string }>): string {
  return docs.map((d) => `---${d.text.startsWith('\n') ? '' : '\n'}${d.text.replace(/\n*$/, '\n')}`).join('');
}

function id(o: Obj): string {
  return `${o.kind}/${o.metadata?.name}`;
}
