import { describe, expect, test } from 'vitest';
import { buildModel } from '../../lib/model/model.js';
import { validateConfig } from '../../config/validate.js';
import { planDeploy } from '../../lib/deploy/phases.js';
import { mkHelmChart } from '../../lib/modules/helm.js';
import { mkIstioBase, mkIstioGateway, mkIstiod, mkNamespace } from '../../lib/modules/istio.js';
import { mkPXCServiceEntry } from '../../lib/modules/pxc-service-entry.js';

const doc = (kind: string, name: string, extra = '') => `---\napiVersion: v1\nkind: ${kind}\nmetadata:\n  name: ${name}\n${extra}`;

/** Rendered output as the charts give it: only what the deploy plan looks at. */
const RENDERED = new Map([
  ['istio-system', doc('Namespace', 'istio-system')],
  [
    'istio-base',
    `---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: serviceentries.networking.istio.io\n${doc('ServiceAccount', 'istio-reader-service-account', '  namespace: istio-system\n')}`,
  ],
  [
    'istiod',
    `${doc('Service', 'istiod', '  namespace: istio-system\n')}---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: istiod\n  namespace: istio-system\n---\napiVersion: admissionregistration.k8s.io/v1\nkind: MutatingWebhookConfiguration\nmetadata:\n  name: istio-sidecar-injector\nwebhooks:\n  - name: sidecar-injector.istio.io\n    clientConfig:\n      service: { name: istiod, namespace: istio-system }\n`,
  ],
  ['gateway', `---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: istio-ingressgateway\n`],
  ['app', `---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n${doc('ConfigMap', 'shared', '  namespace: other\n')}`],
  ['pxc', `---\napiVersion: networking.istio.io/v1\nkind: ServiceEntry\nmetadata:\n  name: pxc-source\n  namespace: db\n`],
]);

function targets() {
  const config = {
    istio: { version: '1.30.3', repo: 'https://example.test/charts' },
    packages: {
      pxc: mkPXCServiceEntry({
        name: 'pxc-source',
        namespace: 'db',
        remoteClusterName: 'b',
        remoteEndpoints: [{ address: '10.0.0.1', port: 3306 }],
      }),
      app: mkHelmChart({ name: 'app', chart: 'app', repo: 'https://example.test/charts', namespace: 'apps' }),
      gateway: mkIstioGateway({ namespace: 'istio-ingress' }),
      istiod: mkIstiod(),
      'istio-base': mkIstioBase(),
      'istio-system': mkNamespace({ name: 'istio-system' }),
    },
  };
  return buildModel(validateConfig(config, 'mesh.config.ts'), '/p/mesh.config.ts', {}, {}).targets;
}

/** The apply and wait steps, without the prune steps that follow each target (tested below). */
const stepsOf = (...args: Parameters<typeof planDeploy>) =>
  planDeploy(...args).filter((s) => s.kind !== 'prune' && s.kind !== 'prune-gone');

describe('planDeploy: the order of applies and waits', () => {
  test('namespaces, CRDs, istiod then its webhook, gateways, charts, service entries; each followed by its waits', () => {
    const steps = planDeploy(targets(), RENDERED).map((s) => {
      if (s.kind === 'apply') return `apply ${s.target}${s.namespace ? ` -n ${s.namespace}` : ''}: ${s.objects.join(' ')}`;
      if (s.kind === 'wait-crds') return `wait-crds ${s.crds.join(' ')}`;
      if (s.kind === 'rollout') return `rollout ${s.namespace} ${s.resource}/${s.name}`;
      if (s.kind === 'endpoints') return `endpoints ${s.namespace}/${s.service}`;
      if (s.kind === 'prune') return `prune ${s.target}: ${s.objects.join(' ')}`;
      if (s.kind === 'prune-gone') return `prune-gone, keeping ${s.targets.join(' ')}`;
      if (s.kind === 'remote-endpoints') return `remote-endpoints ${s.entry.metadata.name} from ${s.ref.cluster}`;
      return `${s.kind} ${s.namespace}/${s.name}`;
    });
    expect(steps).toEqual([
      'apply (namespaces): Namespace/apps Namespace/db Namespace/istio-ingress Namespace/other',
      'apply istio-system: Namespace/istio-system',
      'prune istio-system: |Namespace||istio-system',
      'apply istio-base -n istio-system: CustomResourceDefinition/serviceentries.networking.istio.io',
      'wait-crds serviceentries.networking.istio.io',
      'apply istio-base -n istio-system: ServiceAccount/istio-reader-service-account',
      'prune istio-base: apiextensions.k8s.io|CustomResourceDefinition||serviceentries.networking.istio.io |ServiceAccount|istio-system|istio-reader-service-account',
      'apply istiod -n istio-system: Service/istiod Deployment/istiod',
      'rollout istio-system deployment/istiod',
      'endpoints istio-system/istiod',
      'apply istiod -n istio-system: MutatingWebhookConfiguration/istio-sidecar-injector',
      'prune istiod: |Service|istio-system|istiod apps|Deployment|istio-system|istiod admissionregistration.k8s.io|MutatingWebhookConfiguration||istio-sidecar-injector',
      'apply gateway -n istio-ingress: Deployment/istio-ingressgateway',
      'rollout istio-ingress deployment/istio-ingressgateway',
      'prune gateway: apps|Deployment|istio-ingress|istio-ingressgateway',
      'apply app -n apps: StatefulSet/db',
      'apply app: ConfigMap/shared',
      'rollout apps statefulset/db',
      'prune app: apps|StatefulSet|apps|db |ConfigMap|other|shared',
      // CoreDNS's rewrite of the cross-cluster host, for pods without a sidecar (not rendered in this test).
      'prune mesh-dns: ',
      'apply pxc: ServiceEntry/pxc-source',
      'prune pxc: networking.istio.io|ServiceEntry|db|pxc-source',
      'prune-gone, keeping istio-system istio-base istiod gateway app mesh-dns pxc',
    ]);
  });

  test('an object naming another namespace is applied without -n, so kubectl does not refuse it', () => {
    const app = planDeploy(targets(), RENDERED).filter((s) => s.kind === 'apply' && s.target === 'app');
    expect(app.map((s) => (s.kind === 'apply' ? [s.namespace ?? null, s.manifest] : []))).toEqual([
      // Each object as applied: labelled as managed by mesh, which applies it.
      [
        'apps',
        '---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db\n  labels:\n    app.kubernetes.io/managed-by: k3d-mesh\n',
      ],
      [
        null,
        '---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: shared\n  namespace: other\n  labels:\n    app.kubernetes.io/managed-by: k3d-mesh\n',
      ],
    ]);
  });

  test('within a target: its namespaces, then its CRDs (waited for), then cluster-scoped objects, then the rest, so custom resources find their CRD', () => {
    const chart = [
      doc('ServiceAccount', 'controller', '  namespace: apps\n'),
      '---\napiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: selfsigned\nspec:\n  selfSigned: {}\n',
      doc('ClusterRole', 'controller'),
      '---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: clusterissuers.cert-manager.io\n',
      doc('Namespace', 'apps-extra'),
    ].join('');
    const steps = stepsOf(
      targets().filter((t) => t.name === 'app'),
      new Map([['app', chart]]),
    ).map((s) => (s.kind === 'apply' ? `apply: ${s.objects.join(' ')}` : s.kind === 'wait-crds' ? `wait ${s.crds.join(' ')}` : s.kind));
    expect(steps).toEqual([
      'apply: Namespace/apps',
      'apply: Namespace/apps-extra',
      'apply: CustomResourceDefinition/clusterissuers.cert-manager.io',
      'wait clusterissuers.cert-manager.io',
      'apply: ClusterRole/controller ServiceAccount/controller ClusterIssuer/selfsigned',
    ]);
  });

  test('a workload is followed by rollout status unless its updateStrategy is OnDelete, which kubectl refuses: then its pods are waited for', () => {
    const workload = (kind: string, name: string, strategy?: string) =>
      `---\napiVersion: apps/v1\nkind: ${kind}\nmetadata:\n  name: ${name}\nspec:\n${strategy ? `  ${kind === 'Deployment' ? 'strategy' : 'updateStrategy'}:\n    type: ${strategy}\n` : '  replicas: 1\n'}`;
    const manifest = [
      workload('StatefulSet', 'rolling', 'RollingUpdate'),
      workload('StatefulSet', 'ondelete', 'OnDelete'),
      workload('DaemonSet', 'agent', 'OnDelete'),
      workload('DaemonSet', 'plain'),
      workload('Deployment', 'recreated', 'Recreate'),
    ].join('');
    const steps = stepsOf(
      targets().filter((t) => t.name === 'app'),
      new Map([['app', manifest]]),
    );
    expect(steps.filter((s) => s.kind !== 'apply').map((s) => `${s.kind} ${'name' in s ? s.name : ''}`)).toEqual([
      'rollout rolling',
      'wait-ready ondelete',
      'wait-ready agent',
      'rollout plain',
      'rollout recreated',
    ]);
  });

  test('a List is applied, ordered and waited for item by item, as kubectl expands it', () => {
    const list = [
      '---\napiVersion: v1\nkind: List\nitems:\n',
      '  - apiVersion: apiextensions.k8s.io/v1\n    kind: CustomResourceDefinition\n    metadata:\n      name: servicemonitors.monitoring.coreos.com\n',
      '  - apiVersion: apps/v1\n    kind: Deployment\n    metadata:\n      name: exporter\n',
    ].join('');
    const steps = stepsOf(
      targets().filter((t) => t.name === 'app'),
      new Map([['app', list]]),
    );
    expect(steps.map((s) => s.kind)).toEqual(['apply', 'apply', 'wait-crds', 'apply', 'rollout']);
    const crd = steps[1]!;
    expect(crd.kind === 'apply' && crd.manifest).toBe(
      '---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: servicemonitors.monitoring.coreos.com\n  labels:\n    app.kubernetes.io/managed-by: k3d-mesh\n',
    );
  });

  test('Helm hooks: pre-install by weight before the rest, Jobs waited for, post-install last, test hooks left out', () => {
    const hook = (kind: string, name: string, annotations: Record<string, string>, apiVersion = 'v1') =>
      `---\napiVersion: ${apiVersion}\nkind: ${kind}\nmetadata:\n  name: ${name}\n  annotations:\n${Object.entries(annotations)
        .map(([k, v]) => `    ${k}: "${v}"\n`)
        .join('')}`;
    const chart = [
      hook('Pod', 'app-test', { 'helm.sh/hook': 'test' }),
      hook('Job', 'migrate', { 'helm.sh/hook': 'pre-install,pre-upgrade', 'helm.sh/hook-weight': '5' }, 'batch/v1'),
      hook('ConfigMap', 'migrate-config', {
        'helm.sh/hook': 'pre-install',
        'helm.sh/hook-weight': '-5',
        'helm.sh/hook-delete-policy': 'hook-succeeded',
      }),
      '---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app\n',
      hook(
        'Job',
        'smoke',
        { 'helm.sh/hook': 'post-install', 'helm.sh/hook-delete-policy': 'before-hook-creation,hook-succeeded' },
        'batch/v1',
      ),
      hook('Job', 'cleanup', { 'helm.sh/hook': 'pre-delete' }, 'batch/v1'),
    ].join('');
    const steps = stepsOf(
      targets().filter((t) => t.name === 'app'),
      new Map([['app', chart]]),
    ).map((s) => {
      if (s.kind === 'apply') return `apply ${s.objects.join(' ')}`;
      if (s.kind === 'delete') return `delete ${s.resource}/${s.name}`;
      if (s.kind === 'wait-job') return `wait-job ${s.namespace}/${s.name}`;
      if (s.kind === 'rollout') return `rollout ${s.resource}/${s.name}`;
      return s.kind;
    });
    expect(steps).toEqual([
      'apply Namespace/apps',
      'apply ConfigMap/migrate-config',
      'delete ConfigMap/migrate-config',
      'delete Job/migrate',
      'apply Job/migrate',
      'wait-job apps/migrate',
      'apply Deployment/app',
      'rollout deployment/app',
      'delete Job/smoke',
      'apply Job/smoke',
      'wait-job apps/smoke',
      'delete Job/smoke',
    ]);
  });

  test('a target whose custom resource has its CRD in another target is applied after it, even without needs', () => {
    const config = {
      packages: {
        issuers: [{ apiVersion: 'cert-manager.io/v1', kind: 'ClusterIssuer', metadata: { name: 'selfsigned' }, spec: {} }],
        'cert-manager': mkHelmChart({
          name: 'cert-manager',
          chart: 'cert-manager',
          repo: 'https://example.test/charts',
          namespace: 'cert-manager',
        }),
      },
    };
    const model = buildModel(validateConfig(config, 'mesh.config.ts'), '/p/mesh.config.ts', {}, {});
    expect(model.targets.map((t) => t.name)).toEqual(['issuers', 'cert-manager']);
    const crd =
      '---\napiVersion: apiextensions.k8s.io/v1\nkind: CustomResourceDefinition\nmetadata:\n  name: clusterissuers.cert-manager.io\nspec:\n  group: cert-manager.io\n  names:\n    plural: clusterissuers\n    kind: ClusterIssuer\n  scope: Cluster\n';
    const rendered = new Map([
      ['issuers', '---\napiVersion: cert-manager.io/v1\nkind: ClusterIssuer\nmetadata:\n  name: selfsigned\nspec: {}\n'],
      ['cert-manager', crd],
    ]);
    const applied = planDeploy(model.targets, rendered)
      .filter((s) => s.kind === 'apply' || s.kind === 'wait-crds')
      .map((s) => s.target);
    expect(applied).toEqual(['(namespaces)', 'cert-manager', 'cert-manager', 'issuers']);
  });
});

describe("planDeploy: an entry whose endpoints are another cluster's", () => {
  test('is applied last in its target, once found, checked against the ServiceEntry CRD the cluster gets; its EndpointSlice is kept', () => {
    const entry = mkPXCServiceEntry({
      name: 'pxc-source',
      namespace: 'db',
      remoteClusterName: 'b',
      source: { namespace: 'pxc', service: 'pxc-db-haproxy' },
    });
    const packages = { 'istio-base': mkIstioBase(), pxc: entry };
    const model = buildModel(
      validateConfig(
        {
          istio: { version: '1.30.3', repo: 'https://example.test/charts' },
          clusters: { a: {}, b: {} },
          packages,
          deploy: { a: ['istio-base', 'pxc'], b: [] },
        },
        'mesh.config.ts',
      ),
      '/p/mesh.config.ts',
      {},
      {},
    );
    const pxc = model.targets.find((t) => t.name === 'pxc')!;
    const rendered = new Map([
      ['istio-base', RENDERED.get('istio-base')!],
      ['pxc', pxc.kind === 'objects' ? pxc.objects.map((o) => `---\n${JSON.stringify(o)}\n`).join('') : ''],
    ]);
    const steps = planDeploy(
      model.targets.filter((t) => t.name !== 'mesh-dns'),
      rendered,
    ).filter((s) => 'target' in s && s.target === 'pxc');
    expect(steps.map((s) => (s.kind === 'apply' ? `apply ${s.objects.join(' ')}` : s.kind))).toEqual([
      'apply DestinationRule/pxc-source Service/pxc-source-b-global',
      'remote-endpoints',
      'prune',
    ]);
    const remote = steps[1] as Extract<(typeof steps)[number], { kind: 'remote-endpoints' }>;
    expect(remote.ref).toEqual({ cluster: 'b', namespace: 'pxc', service: 'pxc-db-haproxy', port: 3306, expose: false });
    expect((remote.crd as { metadata: { name: string } }).metadata.name).toBe('serviceentries.networking.istio.io');
    const inventory = steps[2] as Extract<(typeof steps)[number], { kind: 'prune' }>;
    expect(inventory.objects).toEqual([
      'networking.istio.io|ServiceEntry|db|pxc-source',
      'networking.istio.io|DestinationRule|db|pxc-source',
      '|Service|db|pxc-source-b-global',
      'discovery.k8s.io|EndpointSlice|db|pxc-source-b-global-mesh',
    ]);
  });
});
