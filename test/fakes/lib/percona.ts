// Percona's XtraDB Cluster operator, as far as other clusters see it: once its
// Deployment exists, each PerconaXtraDBCluster gets the StatefulSets and
// Services the real operator (v1.20) makes for it, named as it names them:
// <name>-pxc (headless, 3 pods by default) and <name>-haproxy (3306 and the
// admin ports; its type from spec.haproxy.exposePrimary.type, ClusterIP by
// default, reset by the operator on every reconcile). They carry an owner
// label, and go when their cluster resource goes.
import { allEntries, materialize, serverSideApply } from './store.js';
import type { Json } from './types.js';

const MANAGER = 'percona-xtradb-cluster-operator';
const OWNER = 'fake.percona.com/owner';

export function operatorRuns(api: Json): boolean {
  return allEntries(api).some(
    (e) =>
      e.kind === 'Deployment' &&
      (materialize(e).spec?.template?.spec?.containers ?? []).some((c: Json) =>
        String(c.image ?? '').includes('percona-xtradb-cluster-operator'),
      ),
  );
}

/** Brings the derived objects in line with the cluster resources; true when anything changed. */
export function reconcilePercona(clusterName: string, api: Json): boolean {
  const clusters = allEntries(api).filter((e) => e.kind === 'PerconaXtraDBCluster' && e.group === 'pxc.percona.com');
  let changed = false;
  const wanted = new Set<string>();
  if (operatorRuns(api)) {
    for (const entry of clusters) {
      for (const object of derived(materialize(entry), entry.namespace)) {
        const mapping = { group: object.apiVersion.includes('/') ? object.apiVersion.split('/')[0] : '', kind: object.kind };
        const result = serverSideApply(api, {
          cluster: clusterName,
          mapping,
          namespace: entry.namespace,
          name: object.metadata.name,
          object,
          manager: MANAGER,
          force: true,
        });
        wanted.add(`${object.kind}/${entry.namespace}/${object.metadata.name}`);
        changed ||= Boolean(result.changed);
      }
    }
  }
  for (const [key, entry] of Object.entries(api.objects as Record<string, Json>)) {
    const owned = materialize(entry).metadata?.labels?.[OWNER];
    if (owned && !wanted.has(`${entry.kind}/${entry.namespace}/${entry.name}`)) {
      delete api.objects[key];
      changed = true;
    }
  }
  return changed;
}

function derived(cr: Json, namespace: string): Json[] {
  const name = cr.metadata.name;
  const spec = cr.spec ?? {};
  const labels = (component: string) => ({
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/instance': name,
    'app.kubernetes.io/managed-by': MANAGER,
    'app.kubernetes.io/name': 'percona-xtradb-cluster',
    'app.kubernetes.io/part-of': 'percona-xtradb-cluster',
  });
  const owned = (component: string) => ({ ...labels(component), [OWNER]: `${namespace}/${name}` });
  const statefulSet = (component: string, size: number, image: string, port: number) => ({
    apiVersion: 'apps/v1',
    kind: 'StatefulSet',
    metadata: { name: `${name}-${component}`, namespace, labels: owned(component) },
    spec: {
      replicas: size,
      serviceName: `${name}-${component}`,
      selector: { matchLabels: labels(component) },
      template: {
        metadata: { labels: labels(component) },
        spec: { containers: [{ name: component, image, ports: [{ name: 'mysql', containerPort: port }] }] },
      },
    },
  });
  const out: Json[] = [
    statefulSet('pxc', spec.pxc?.size ?? 3, spec.pxc?.image ?? 'percona/percona-xtradb-cluster:8.4.7-7.1', 3306),
    {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `${name}-pxc`, namespace, labels: owned('pxc') },
      spec: {
        clusterIP: 'None',
        publishNotReadyAddresses: true,
        selector: labels('pxc'),
        ports: [
          { name: 'mysql', port: 3306, targetPort: 3306 },
          { name: 'mysql-admin', port: 33062, targetPort: 33062 },
        ],
      },
    },
  ];
  const haproxy = spec.haproxy ?? {};
  if (haproxy.enabled !== false && !spec.proxysql?.enabled) {
    out.push(statefulSet('haproxy', haproxy.size ?? 3, haproxy.image ?? 'percona/haproxy:2.8.18-1', 3306), {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: `${name}-haproxy`, namespace, labels: owned('haproxy') },
      spec: {
        type: haproxy.exposePrimary?.type ?? 'ClusterIP',
        selector: labels('haproxy'),
        ports: [
          { name: 'mysql', port: 3306, targetPort: 3306 },
          { name: 'mysql-admin', port: 33062, targetPort: 33062 },
          { name: 'mysqlx', port: 33060, targetPort: 33060 },
        ],
      },
    });
  }
  return out;
}
