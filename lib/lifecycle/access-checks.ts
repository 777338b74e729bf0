import { hookOf } from '../deploy/hooks.js';
import { parse } from '../deploy/step-builders.js';
import { CLUSTER_SCOPED } from '../model/cluster-scoped.js';
import type { ManifestTarget } from '../model/targets.js';
import { customKinds } from '../render/custom-kinds.js';
import { apiGroup } from '../render/documents.js';

/** One permission deploy needs on a cluster mesh did not create. */
export interface Access {
  verb: string;
  /** `plural.group`, or a kind kubectl's discovery resolves (`deployment.apps`). */
  resource: string;
  /** Where; none for cluster-wide objects (asked for all namespaces). */
  namespace?: string;
}

/** What every deploy does: namespaces, CRDs, cluster-wide RBAC and webhooks, and its inventory in kube-system. */
const ALWAYS: readonly Access[] = [
  { verb: 'create', resource: 'namespaces' },
  { verb: 'create', resource: 'customresourcedefinitions.apiextensions.k8s.io' },
  { verb: 'create', resource: 'clusterroles.rbac.authorization.k8s.io' },
  { verb: 'create', resource: 'clusterrolebindings.rbac.authorization.k8s.io' },
  { verb: 'create', resource: 'mutatingwebhookconfigurations.admissionregistration.k8s.io' },
  { verb: 'create', resource: 'validatingwebhookconfigurations.admissionregistration.k8s.io' },
  { verb: 'patch', resource: 'configmaps', namespace: 'kube-system' },
];

/**
 * The permissions `mesh deploy` needs: the ones every deploy needs, and for
 * each kind the rendered targets apply, in each namespace they apply it,
 * `patch` (server-side apply) and `create`. A kind whose CRD the render set
 * brings is asked for by its plural, which the server cannot resolve before
 * the CRD exists.
 */
export function accessNeeded(targets: readonly ManifestTarget[], rendered: ReadonlyMap<string, string> | undefined): Access[] {
  const out = new Map<string, Access>();
  const add = (access: Access) => out.set(`${access.verb} ${access.resource} ${access.namespace ?? ''}`, access);
  ALWAYS.forEach(add);
  if (rendered === undefined) return [...out.values()];
  const docs = targets.flatMap((t) =>
    parse(rendered.get(t.name) ?? '')
      .filter((d) => hookOf(d.object)?.phase !== 'skip')
      .map((d) => ({ ...d, namespace: d.object.metadata?.namespace ?? (t.kind === 'chart' ? t.chart.namespace : undefined) })),
  );
  const custom = customKinds(docs);
  for (const { object, namespace } of docs) {
    const group = apiGroup(object.apiVersion);
    const kind = object.kind ?? '';
    const resource = custom.get(`${group}|${kind}`)?.resource ?? `${builtInPlural(kind)}${group ? `.${group}` : ''}`;
    const wide = CLUSTER_SCOPED.has(kind) || custom.get(`${group}|${kind}`)?.namespaced === false || namespace === undefined;
    const where = wide ? {} : { namespace };
    for (const verb of ['create', 'patch']) add({ verb, resource, ...where });
  }
  return [...out.values()];
}

/** `create deployments.apps in istio-system`, `create namespaces (cluster-wide)`. */
export function showAccess(access: Access): string {
  return `${access.verb} ${access.resource}${access.namespace === undefined ? ' (cluster-wide)' : ` in ${access.namespace}`}`;
}

/** The resource name of a Kubernetes kind, as its API serves it: `deployments`, `networkpolicies`, `ingresses`, `endpoints`. */
function builtInPlural(kind: string): string {
  const lower = kind.toLowerCase();
  if (lower.endsWith('endpoints')) return lower;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  return `${lower}s`;
}
