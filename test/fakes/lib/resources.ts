import type { Json } from './types.js';

// The API resources a k3s v1.35 server serves (built-in groups only at their
// served versions, so e.g. policy/v1beta1 no longer maps), plus the ones
// custom resource definitions add. Used for both RESTMapping (apply) and
// resource-name resolution (get/wait/rollout).

const R = (resource: Json, singular: Json, shortNames: Json, kind: string, group: string, versions: Json, namespaced: Json) => ({
  resource,
  singular,
  shortNames,
  kind,
  group,
  versions,
  namespaced,
  builtin: true,
});

export const BUILTIN = [
  R('namespaces', 'namespace', ['ns'], 'Namespace', '', ['v1'], false),
  R('nodes', 'node', ['no'], 'Node', '', ['v1'], false),
  R('pods', 'pod', ['po'], 'Pod', '', ['v1'], true),
  R('services', 'service', ['svc'], 'Service', '', ['v1'], true),
  R('endpoints', 'endpoints', ['ep'], 'Endpoints', '', ['v1'], true),
  R('configmaps', 'configmap', ['cm'], 'ConfigMap', '', ['v1'], true),
  R('secrets', 'secret', [], 'Secret', '', ['v1'], true),
  R('serviceaccounts', 'serviceaccount', ['sa'], 'ServiceAccount', '', ['v1'], true),
  R('events', 'event', ['ev'], 'Event', '', ['v1'], true),
  R('persistentvolumeclaims', 'persistentvolumeclaim', ['pvc'], 'PersistentVolumeClaim', '', ['v1'], true),
  R('persistentvolumes', 'persistentvolume', ['pv'], 'PersistentVolume', '', ['v1'], false),
  R('resourcequotas', 'resourcequota', ['quota'], 'ResourceQuota', '', ['v1'], true),
  R('limitranges', 'limitrange', ['limits'], 'LimitRange', '', ['v1'], true),
  R('replicationcontrollers', 'replicationcontroller', ['rc'], 'ReplicationController', '', ['v1'], true),
  R('deployments', 'deployment', ['deploy'], 'Deployment', 'apps', ['v1'], true),
  R('replicasets', 'replicaset', ['rs'], 'ReplicaSet', 'apps', ['v1'], true),
  R('daemonsets', 'daemonset', ['ds'], 'DaemonSet', 'apps', ['v1'], true),
  R('statefulsets', 'statefulset', ['sts'], 'StatefulSet', 'apps', ['v1'], true),
  R('controllerrevisions', 'controllerrevision', [], 'ControllerRevision', 'apps', ['v1'], true),
  R('jobs', 'job', [], 'Job', 'batch', ['v1'], true),
  R('cronjobs', 'cronjob', ['cj'], 'CronJob', 'batch', ['v1'], true),
  R('horizontalpodautoscalers', 'horizontalpodautoscaler', ['hpa'], 'HorizontalPodAutoscaler', 'autoscaling', ['v2', 'v1'], true),
  R('poddisruptionbudgets', 'poddisruptionbudget', ['pdb'], 'PodDisruptionBudget', 'policy', ['v1'], true),
  R(
    'customresourcedefinitions',
    'customresourcedefinition',
    ['crd', 'crds'],
    'CustomResourceDefinition',
    'apiextensions.k8s.io',
    ['v1'],
    false,
  ),
  R(
    'mutatingwebhookconfigurations',
    'mutatingwebhookconfiguration',
    [],
    'MutatingWebhookConfiguration',
    'admissionregistration.k8s.io',
    ['v1'],
    false,
  ),
  R(
    'validatingwebhookconfigurations',
    'validatingwebhookconfiguration',
    [],
    'ValidatingWebhookConfiguration',
    'admissionregistration.k8s.io',
    ['v1'],
    false,
  ),
  R(
    'validatingadmissionpolicies',
    'validatingadmissionpolicy',
    [],
    'ValidatingAdmissionPolicy',
    'admissionregistration.k8s.io',
    ['v1'],
    false,
  ),
  R(
    'validatingadmissionpolicybindings',
    'validatingadmissionpolicybinding',
    [],
    'ValidatingAdmissionPolicyBinding',
    'admissionregistration.k8s.io',
    ['v1'],
    false,
  ),
  R('clusterroles', 'clusterrole', [], 'ClusterRole', 'rbac.authorization.k8s.io', ['v1'], false),
  R('clusterrolebindings', 'clusterrolebinding', [], 'ClusterRoleBinding', 'rbac.authorization.k8s.io', ['v1'], false),
  R('roles', 'role', [], 'Role', 'rbac.authorization.k8s.io', ['v1'], true),
  R('rolebindings', 'rolebinding', [], 'RoleBinding', 'rbac.authorization.k8s.io', ['v1'], true),
  R('endpointslices', 'endpointslice', [], 'EndpointSlice', 'discovery.k8s.io', ['v1'], true),
  R('ingresses', 'ingress', ['ing'], 'Ingress', 'networking.k8s.io', ['v1'], true),
  R('ingressclasses', 'ingressclass', [], 'IngressClass', 'networking.k8s.io', ['v1'], false),
  R('networkpolicies', 'networkpolicy', ['netpol'], 'NetworkPolicy', 'networking.k8s.io', ['v1'], true),
  R('priorityclasses', 'priorityclass', ['pc'], 'PriorityClass', 'scheduling.k8s.io', ['v1'], false),
  R('storageclasses', 'storageclass', ['sc'], 'StorageClass', 'storage.k8s.io', ['v1'], false),
  R('csidrivers', 'csidriver', [], 'CSIDriver', 'storage.k8s.io', ['v1'], false),
  R('leases', 'lease', [], 'Lease', 'coordination.k8s.io', ['v1'], true),
  R('apiservices', 'apiservice', [], 'APIService', 'apiregistration.k8s.io', ['v1'], false),
  R('runtimeclasses', 'runtimeclass', [], 'RuntimeClass', 'node.k8s.io', ['v1'], false),
  R('flowschemas', 'flowschema', [], 'FlowSchema', 'flowcontrol.apiserver.k8s.io', ['v1'], false),
];

/** Kinds whose objects are computed from others and cannot be applied here. */
export const SYNTHESIZED = new Set(['Node', 'Event', 'EndpointSlice', 'Endpoints', 'ReplicaSet']);

/** Descriptors for the CRDs stored in a cluster, at their served versions. */
export function crdDescriptors(crdObjects: Json) {
  const out: Json[] = [];
  for (const crd of crdObjects) {
    const spec = crd.spec ?? {};
    const names = spec.names ?? {};
    if (!spec.group || !names.plural || !names.kind) continue;
    const versions = (spec.versions ?? []).filter((v: Json) => v && v.served !== false).map((v: Json) => v.name);
    // The storage version first: that is the one discovery prefers.
    versions.sort((a: Json, b: Json) => Number(isStorage(spec, b)) - Number(isStorage(spec, a)));
    out.push({
      resource: names.plural,
      singular: names.singular ?? names.kind.toLowerCase(),
      shortNames: names.shortNames ?? [],
      kind: names.kind,
      group: spec.group,
      versions,
      namespaced: spec.scope !== 'Cluster',
      builtin: false,
    });
  }
  return out;
}

function isStorage(spec: Json, name: string) {
  return Boolean((spec.versions ?? []).find((v: Json) => v.name === name)?.storage);
}

export function splitApiVersion(apiVersion: Json) {
  const text = String(apiVersion ?? '');
  const slash = text.indexOf('/');
  return slash === -1 ? { group: '', version: text } : { group: text.slice(0, slash), version: text.slice(slash + 1) };
}

/** The RESTMapping of apiVersion+kind, or undefined (kubectl's "no matches for kind"). */
export function mappingFor(descriptors: Json, apiVersion: Json, kind: string) {
  const { group, version } = splitApiVersion(apiVersion);
  return descriptors.find((d: Json) => d.group === group && d.kind === kind && d.versions.includes(version));
}

/**
 * Resolves what a user types (`deploy`, `deployments.apps`, `crd`,
 * `serviceentries.networking.istio.io`, `Deployment`) to a descriptor.
 */
export function resolveResource(descriptors: Json, token: string) {
  const text = token.toLowerCase();
  const matches = (d: Json, name: string) =>
    d.resource === name || d.singular === name || d.shortNames.includes(name) || d.kind.toLowerCase() === name;
  // Without a group part: built-ins win over CRDs, as kubectl's priority mapper does.
  const plain = descriptors.filter((d: Json) => matches(d, text));
  if (plain.length > 0) return plain.find((d: Json) => d.builtin) ?? plain[0];
  const dot = text.indexOf('.');
  if (dot === -1) return undefined;
  const name = text.slice(0, dot);
  const rest = text.slice(dot + 1);
  return descriptors.find((d: Json) => {
    if (!matches(d, name)) return false;
    if (d.group === rest) return true;
    // resource.version.group
    const vdot = rest.indexOf('.');
    return vdot !== -1 && d.group === rest.slice(vdot + 1) && d.versions.includes(rest.slice(0, vdot));
  });
}

/** `deployments.apps`, `pods`: how API errors name a resource. */
export function qualified(d: Json) {
  return d.group ? `${d.resource}.${d.group}` : d.resource;
}

/** `deployment.apps`, `namespace`: how kubectl's name printer prints a kind. */
export function kindPrefix(kind: string, group: string) {
  return group ? `${kind.toLowerCase()}.${group}` : kind.toLowerCase();
}

export function preferredApiVersion(d: Json) {
  const version = d.versions[0];
  return d.group ? `${d.group}/${version}` : version;
}
