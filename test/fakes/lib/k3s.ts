// The objects a fresh k3s server has before anyone applies anything: the
// system namespaces, the `kubernetes` service, CoreDNS, the local-path
// provisioner, metrics-server, k3s' own CRDs, and Traefik unless the server
// runs with --disable=traefik.

import { serverSideApply } from './store.js';
import type { Json } from './types.js';

const deployment = (ns: string, name: string, labels: Record<string, string>, image: string, ports: Json[] = []): Json => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: ns, labels },
  spec: {
    selector: { matchLabels: labels },
    template: {
      metadata: { labels },
      spec: { containers: [{ name, image, ...(ports.length ? { ports } : {}) }], priorityClassName: 'system-cluster-critical' },
    },
  },
});

const crd = (group: string, plural: Json, kind: string, scope: Json) => ({
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: `${plural}.${group}` },
  spec: {
    group,
    names: { kind, listKind: `${kind}List`, plural, singular: kind.toLowerCase() },
    scope,
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
});

export function k3sObjects({ traefik }: { traefik: boolean }): Json[] {
  const objects = [
    ...['default', 'kube-system', 'kube-public', 'kube-node-lease'].map((name) => ({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name },
    })),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
      spec: { ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 6443 }] },
    },
    crd('k3s.cattle.io', 'addons', 'Addon', 'Namespaced'),
    crd('k3s.cattle.io', 'etcdsnapshotfiles', 'ETCDSnapshotFile', 'Cluster'),
    crd('helm.cattle.io', 'helmcharts', 'HelmChart', 'Namespaced'),
    crd('helm.cattle.io', 'helmchartconfigs', 'HelmChartConfig', 'Namespaced'),
    deployment('kube-system', 'coredns', { 'k8s-app': 'kube-dns' }, 'rancher/mirrored-coredns-coredns:1.12.3', [
      { containerPort: 53, name: 'dns', protocol: 'UDP' },
      { containerPort: 53, name: 'dns-tcp', protocol: 'TCP' },
      { containerPort: 9153, name: 'metrics', protocol: 'TCP' },
    ]),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'kube-dns',
        namespace: 'kube-system',
        labels: { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
      },
      spec: {
        selector: { 'k8s-app': 'kube-dns' },
        ports: [
          { name: 'dns', port: 53, protocol: 'UDP' },
          { name: 'dns-tcp', port: 53, protocol: 'TCP' },
          { name: 'metrics', port: 9153, protocol: 'TCP' },
        ],
      },
    },
    deployment('kube-system', 'local-path-provisioner', { app: 'local-path-provisioner' }, 'rancher/local-path-provisioner:v0.0.32'),
    deployment('kube-system', 'metrics-server', { 'k8s-app': 'metrics-server' }, 'rancher/mirrored-metrics-server:v0.8.0', [
      { containerPort: 10250, name: 'https', protocol: 'TCP' },
    ]),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: {
        name: 'metrics-server',
        namespace: 'kube-system',
        labels: { 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'Metrics-server' },
      },
      spec: { selector: { 'k8s-app': 'metrics-server' }, ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 'https' }] },
    },
  ];
  if (traefik) {
    const labels = { 'app.kubernetes.io/instance': 'traefik-kube-system', 'app.kubernetes.io/name': 'traefik' };
    objects.push(
      deployment('kube-system', 'traefik', labels, 'rancher/mirrored-library-traefik:3.3.6', [
        { containerPort: 8000, name: 'web', protocol: 'TCP' },
        { containerPort: 8443, name: 'websecure', protocol: 'TCP' },
      ]),
      {
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'traefik', namespace: 'kube-system', labels },
        spec: {
          type: 'LoadBalancer',
          selector: labels,
          ports: [
            { name: 'web', port: 80, protocol: 'TCP', targetPort: 'web' },
            { name: 'websecure', port: 443, protocol: 'TCP', targetPort: 'websecure' },
          ],
        },
      },
    );
  }
  return objects;
}

const DESCRIPTORS: Record<string, Json> = {
  Namespace: { group: '', kind: 'Namespace', namespaced: false },
  Service: { group: '', kind: 'Service', namespaced: true },
  Deployment: { group: 'apps', kind: 'Deployment', namespaced: true },
  CustomResourceDefinition: { group: 'apiextensions.k8s.io', kind: 'CustomResourceDefinition', namespaced: false },
};

/** Stores the k3s defaults in a new cluster's object store. */
export function seedK3s(api: Json, clusterName: Json, options: Json) {
  for (const object of k3sObjects(options)) {
    const mapping = DESCRIPTORS[object.kind];
    const { namespace, ...metadata } = object.metadata;
    const manager =
      object.kind === 'Namespace' || object.metadata.name === 'kubernetes' ? 'kube-apiserver' : `deploy@k3d-${clusterName}-server-0`;
    serverSideApply(api, {
      cluster: clusterName,
      mapping,
      namespace: mapping.namespaced ? namespace : undefined,
      name: metadata.name,
      object: { ...object, metadata },
      manager,
      force: true,
      operation: 'Update',
    });
  }
}
