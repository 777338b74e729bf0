import { managedByMesh } from './managed-by.js';
import { documentStream, expandList, headerOrParse, splitDocuments } from '../render/documents.js';
import { toYaml } from '../yaml/write.js';
import type { Hook } from './hooks.js';
import type { DeployStep, Doc, Obj } from './steps.js';

// kubectl's status viewers follow only RollingUpdate; a Deployment's other strategy (Recreate) still rolls out.
export function rollsOut(object: { kind?: string | undefined; spec?: unknown }): boolean {
  if (object.kind === 'Deployment') return true;
  const type = (object.spec as { updateStrategy?: { type?: unknown } } | undefined)?.updateStrategy?.type;
  return type === undefined || type === 'RollingUpdate';
}

/**
 * `kubectl apply -n` places objects that name no namespace, and refuses any
 * that name another; those go in a second call. The given order is kept within each.
 */
export function applies(target: string, docs: readonly Doc[], namespace: string | undefined): DeployStep[] {
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
export function hookSteps(target: string, hooks: ReadonlyArray<{ doc: Doc; hook: Hook }>, namespace: string | undefined): DeployStep[] {
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

export function isWebhookConfiguration(o: Obj): boolean {
  return o.kind === 'MutatingWebhookConfiguration' || o.kind === 'ValidatingWebhookConfiguration';
}

export function callsOneOf(o: Obj, services: ReadonlyArray<{ namespace: string; service: string }>): boolean {
  return (o.webhooks ?? []).some((hook) =>
    services.some((s) => s.service === hook.clientConfig?.service?.name && s.namespace === hook.clientConfig?.service?.namespace),
  );
}

// A webhook whose service this target also deploys must answer before
// anything later is applied, or the apiserver rejects (or skips) it.
export function webhookServices(objects: Obj[], namespace: string | undefined): Array<{ namespace: string; service: string }> {
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

// A List's items are applied, waited for and ordered one by one, as kubectl would apply them.
export function parse(text: string): Doc[] {
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

function join(docs: readonly Doc[]): string {
  return documentStream(docs.map(managedByMesh));
}

function id(o: Obj): string {
  return `${o.kind}/${o.metadata?.name}`;
}
