import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { installFakes, type InstalledFakes } from '../fakes/install.js';

const CLUSTER = YAML.stringify({
  apiVersion: 'k3d.io/v1alpha5',
  kind: 'Simple',
  metadata: { name: 'east' },
  servers: 1,
  agents: 1,
  ports: [{ port: '80:80', nodeFilters: ['loadbalancer'] }],
  options: {
    k3s: { extraArgs: [{ arg: '--disable=traefik', nodeFilters: ['server:*'] }] },
    kubeconfig: { updateDefaultKubeconfig: true, switchCurrentContext: false },
  },
});

const yaml = (...docs: unknown[]) => docs.map((d) => YAML.stringify(d)).join('---\n');
const namespace = (name: string) => ({ apiVersion: 'v1', kind: 'Namespace', metadata: { name } });
const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'serviceentries.networking.istio.io' },
  spec: {
    group: 'networking.istio.io',
    names: { kind: 'ServiceEntry', listKind: 'ServiceEntryList', plural: 'serviceentries', singular: 'serviceentry', shortNames: ['se'] },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
      },
    ],
  },
};
const serviceEntry = {
  apiVersion: 'networking.istio.io/v1',
  kind: 'ServiceEntry',
  metadata: { name: 'west-db', namespace: 'mesh' },
  spec: { hosts: ['db.west.global'], resolution: 'DNS' },
};
const istiod = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'istiod', labels: { app: 'istiod' } },
  spec: {
    selector: { matchLabels: { app: 'istiod' } },
    template: {
      metadata: { labels: { app: 'istiod', istio: 'pilot' } },
      spec: { containers: [{ name: 'discovery', image: 'docker.io/istio/pilot:1.30.3' }] },
    },
  },
};
const istiodService = {
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'istiod' },
  spec: { selector: { app: 'istiod' }, ports: [{ name: 'grpc-xds', port: 15012 }] },
};

let fakes: InstalledFakes;
const kubectl = (args: string[], input?: string) =>
  fakes.run('kubectl', ['--context', 'k3d-east', ...args], input === undefined ? {} : { input });
const apply = (input: string, ...extra: string[]) =>
  kubectl(['apply', '--server-side', '--field-manager=k3d-mesh', ...extra, '-f', '-'], input);
const getJson = async <T = any>(args: string[]): Promise<T> => {
  const result = await kubectl([...args, '-o', 'json']);
  expect(result.stderr).toBe('');
  expect(result.code).toBe(0);
  return JSON.parse(result.stdout) as T;
};

beforeAll(async () => {
  fakes = installFakes();
  const created = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: CLUSTER });
  expect(created.code).toBe(0);
});
afterAll(() => fakes.cleanup());
beforeEach(() => fakes.setFaults({}));

describe('fake kubectl: apply', () => {
  it('fails into a namespace that does not exist, then succeeds once it does', async () => {
    const early = await apply(yaml(serviceEntry));
    // The CRD is not there yet either: mapping fails before the namespace is looked at.
    expect(early.code).toBe(1);
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings', namespace: 'mesh' }, data: { a: '1' } };
    const missing = await apply(yaml(cm));
    expect(missing).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): namespaces "mesh" not found\n' });
    const both = await apply(yaml(namespace('mesh'), cm));
    expect(both).toEqual({ code: 0, stdout: 'namespace/mesh serverside-applied\nconfigmap/settings serverside-applied\n', stderr: '' });
  });

  it('rejects a custom resource before its CRD, even in the same stream, and accepts it after', async () => {
    await apply(yaml(namespace('mesh')));
    const before = await apply(yaml(serviceEntry));
    expect(before.code).toBe(1);
    expect(before.stderr).toBe(
      'error: resource mapping not found for name: "west-db" namespace: "mesh" from "STDIN": no matches for kind "ServiceEntry" in version "networking.istio.io/v1"\nensure CRDs are installed first\n',
    );
    // Discovery runs before anything is applied, so the CR in the same stream still fails.
    const together = await apply(yaml(crd, serviceEntry));
    expect(together.code).toBe(1);
    expect(together.stdout).toBe('customresourcedefinition.apiextensions.k8s.io/serviceentries.networking.istio.io serverside-applied\n');
    expect(together.stderr).toContain('no matches for kind "ServiceEntry"');
    const after = await apply(yaml(serviceEntry));
    expect(after).toEqual({ code: 0, stdout: 'serviceentry.networking.istio.io/west-db serverside-applied\n', stderr: '' });
    expect((await getJson(['get', 'se', 'west-db', '-n', 'mesh'])).spec).toEqual({ hosts: ['db.west.global'], resolution: 'DNS' });
  });

  it('reads YAML as kubectl does: a repeated key keeps its last value, a date stays a string', async () => {
    const manifest =
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: read-as-kubectl\n  namespace: default\n  labels:\n    since: 2024-01-01\ndata:\n  format: text\n  format: json\n';
    expect((await apply(manifest)).code).toBe(0);
    const read = await getJson(['get', 'configmap', 'read-as-kubectl']);
    expect(read.data).toEqual({ format: 'json' });
    expect(read.metadata.labels).toEqual({ since: '2024-01-01' });
  });

  it('refuses a label that YAML 1.1 reads as a boolean, in the words kubectl uses', async () => {
    const manifest = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: yes-label\n  namespace: default\n  labels:\n    enabled: yes\n';
    expect(await apply(manifest)).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'error: unable to decode "STDIN": json: cannot unmarshal bool into Go struct field ObjectMeta.metadata.labels of type string\n',
    });
  });

  it('re-applying identical objects prints serverside-applied but changes nothing', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'same', namespace: 'default' }, data: { a: '1' } };
    await apply(yaml(cm));
    const first = await getJson(['get', 'configmap', 'same']);
    const again = await apply(yaml(cm));
    expect(again.stdout).toBe('configmap/same serverside-applied\n');
    const second = await getJson(['get', 'configmap', 'same']);
    expect(second.metadata.resourceVersion).toBe(first.metadata.resourceVersion);
    expect(second.metadata.managedFields).toEqual(first.metadata.managedFields);
    await apply(yaml({ ...cm, data: { a: '2' } }));
    const third = await getJson(['get', 'configmap', 'same']);
    expect(Number(third.metadata.resourceVersion)).toBeGreaterThan(Number(first.metadata.resourceVersion));
    expect(third.data).toEqual({ a: '2' });
  });

  it('reports server-side apply conflicts with another field manager unless forced', async () => {
    const cm = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'owned', namespace: 'default' }, data: { a: '1' } };
    await apply(yaml(cm));
    const other = await kubectl(['apply', '--server-side', '--field-manager=helm', '-f', '-'], yaml({ ...cm, data: { a: '9' } }));
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(
      /^error: Apply failed with 1 conflict: conflict with "k3d-mesh": \.data\.a\nPlease review the fields above/,
    );
    const forced = await kubectl(
      ['apply', '--server-side', '--field-manager=helm', '--force-conflicts', '-f', '-'],
      yaml({ ...cm, data: { a: '9' } }),
    );
    expect(forced.code).toBe(0);
    expect((await getJson(['get', 'cm', 'owned'])).data).toEqual({ a: '9' });
  });

  it('places objects without a namespace in -n, and refuses a different explicit one', async () => {
    await apply(yaml(namespace('istio-system')));
    expect((await apply(yaml(istiod, istiodService), '-n', 'istio-system')).stdout).toBe(
      'deployment.apps/istiod serverside-applied\nservice/istiod serverside-applied\n',
    );
    const clash = await apply(yaml({ ...istiodService, metadata: { name: 'x', namespace: 'default' } }), '-n', 'istio-system');
    expect(clash.code).toBe(1);
    expect(clash.stderr).toBe(
      `error: the namespace from the provided object "default" does not match the namespace "istio-system". You must pass '--namespace=default' to perform this operation.\n`,
    );
  });
});

describe('fake kubectl: wait, rollout, get', () => {
  beforeAll(async () => {
    await apply(yaml(namespace('istio-system'), namespace('mesh'), crd));
    await apply(yaml(istiod, istiodService), '-n', 'istio-system');
  });

  it('waits for CRDs to be Established', async () => {
    const result = await kubectl([
      'wait',
      '--for=condition=Established',
      '--timeout=60s',
      'crd/serviceentries.networking.istio.io',
      'crd/helmcharts.helm.cattle.io',
    ]);
    expect(result).toEqual({
      code: 0,
      stdout:
        'customresourcedefinition.apiextensions.k8s.io/serviceentries.networking.istio.io condition met\ncustomresourcedefinition.apiextensions.k8s.io/helmcharts.helm.cattle.io condition met\n',
      stderr: '',
    });
    const missing = await kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/gateways.networking.istio.io']);
    expect(missing).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): customresourcedefinitions.apiextensions.k8s.io "gateways.networking.istio.io" not found\n',
    });
    fakes.setFaults({ kubectl: { wait: { 'crd/serviceentries.networking.istio.io': 'never' } } });
    const never = await kubectl(['wait', '--for=condition=Established', '--timeout=5s', 'crd/serviceentries.networking.istio.io']);
    expect(never).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: timed out waiting for the condition on customresourcedefinitions/serviceentries.networking.istio.io\n',
    });
  });

  it('reports rollouts, and the faults that stop them', async () => {
    const ok = await kubectl(['-n', 'istio-system', 'rollout', 'status', 'deployment/istiod', '--timeout=60s']);
    expect(ok).toEqual({ code: 0, stdout: 'deployment "istiod" successfully rolled out\n', stderr: '' });

    fakes.setFaults({ kubectl: { rollout: { 'deployment/istiod': 'never' } } });
    const never = await kubectl(['-n', 'istio-system', 'rollout', 'status', 'deployment/istiod', '--timeout=60s']);
    expect(never).toEqual({
      code: 1,
      stdout: 'Waiting for deployment "istiod" rollout to finish: 0 of 1 updated replicas are available...\n',
      stderr: 'error: timed out waiting for the condition\n',
    });
    const deployment = await getJson(['-n', 'istio-system', 'get', 'deployment', 'istiod']);
    expect(deployment.status.conditions[0]).toMatchObject({ type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable' });

    fakes.setFaults({ kubectl: { rollout: { 'istio-system/deployment/istiod': 'deadline' } } });
    const deadline = await kubectl(['-n', 'istio-system', 'rollout', 'status', 'deployment/istiod', '--timeout=60s']);
    expect(deadline).toEqual({ code: 1, stdout: '', stderr: 'error: deployment "istiod" exceeded its progress deadline\n' });

    const missing = await kubectl(['-n', 'istio-system', 'rollout', 'status', 'deployment/nope', '--timeout=60s']);
    expect(missing).toEqual({ code: 1, stdout: '', stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n' });
  });

  it('synthesizes ready workloads: deployment status, pods, endpoint slices', async () => {
    const deployment = await getJson(['-n', 'istio-system', 'get', 'deployment', 'istiod']);
    expect(deployment.status).toMatchObject({ replicas: 1, readyReplicas: 1, availableReplicas: 1, updatedReplicas: 1 });
    expect(deployment.status.conditions.find((c: { type: string }) => c.type === 'Available')).toMatchObject({
      status: 'True',
      reason: 'MinimumReplicasAvailable',
    });
    const pods = await getJson(['get', 'pods', '-n', 'istio-system', '-l', 'app=istiod']);
    expect(pods).toMatchObject({ apiVersion: 'v1', kind: 'List', metadata: { resourceVersion: '' } });
    expect(pods.items).toHaveLength(1);
    expect(pods.items[0].metadata.name).toMatch(/^istiod-[a-z0-9]{10}-[a-z0-9]{5}$/);
    expect(pods.items[0].status.phase).toBe('Running');
    expect(pods.items[0].status.containerStatuses[0]).toMatchObject({ name: 'discovery', ready: true, state: { running: {} } });
    const slices = await getJson(['get', 'endpointslices', '-n', 'istio-system', '-l', 'kubernetes.io/service-name=istiod']);
    expect(slices.items).toHaveLength(1);
    expect(slices.items[0].endpoints[0].conditions.ready).toBe(true);
    expect(slices.items[0].ports).toEqual([{ name: 'grpc-xds', port: 15012, protocol: 'TCP' }]);
    const crds = await getJson(['get', 'crd', 'serviceentries.networking.istio.io']);
    expect(crds.status.conditions.find((c: { type: string }) => c.type === 'Established').status).toBe('True');
    const nodes = await getJson(['get', 'nodes']);
    expect(nodes.items.map((n: { metadata: { name: string } }) => n.metadata.name)).toEqual(['k3d-east-agent-0', 'k3d-east-server-0']);
  });

  it('returns the pods and events of faults.json', async () => {
    fakes.setFaults({
      pods: {
        'istio-system': [
          { name: 'istiod-abc', ready: false, reason: 'ImagePullBackOff', message: 'Back-off pulling image docker.io/istio/pilot:1.30.3' },
        ],
      },
      events: [
        {
          namespace: 'istio-system',
          type: 'Warning',
          reason: 'Failed',
          message: 'Failed to pull image "docker.io/istio/pilot:1.30.3": not found',
          involvedObject: { kind: 'Pod', name: 'istiod-abc' },
          lastTimestamp: '2026-01-02T03:04:05Z',
        },
      ],
    });
    const pods = await getJson(['get', 'pods', '-n', 'istio-system']);
    expect(pods.items.map((p: { metadata: { name: string } }) => p.metadata.name)).toEqual(['istiod-abc']);
    const [pod] = pods.items;
    expect(pod.status.phase).toBe('Pending');
    expect(pod.status.containerStatuses[0].state.waiting).toEqual({
      reason: 'ImagePullBackOff',
      message: 'Back-off pulling image docker.io/istio/pilot:1.30.3',
    });
    expect(pod.status.conditions.find((c: { type: string }) => c.type === 'Ready')).toMatchObject({
      status: 'False',
      reason: 'ContainersNotReady',
      message: 'containers with unready status: [discovery]',
    });
    expect(pod.metadata.labels).toMatchObject({ app: 'istiod', istio: 'pilot' });
    // The deployment follows its pods.
    const deployment = await getJson(['-n', 'istio-system', 'get', 'deployment', 'istiod']);
    expect(deployment.status.readyReplicas).toBeUndefined();
    expect(deployment.status.unavailableReplicas).toBe(1);
    const rollout = await kubectl(['-n', 'istio-system', 'rollout', 'status', 'deployment/istiod', '--timeout=10s']);
    expect(rollout.code).toBe(1);
    const events = await getJson(['get', 'events', '-A', '--field-selector', 'type=Warning']);
    expect(events.items).toHaveLength(1);
    expect(events.items[0]).toMatchObject({
      type: 'Warning',
      reason: 'Failed',
      involvedObject: { kind: 'Pod', name: 'istiod-abc', namespace: 'istio-system' },
      lastTimestamp: '2026-01-02T03:04:05Z',
      metadata: { namespace: 'istio-system' },
    });
    const slices = await getJson(['get', 'endpointslices', '-n', 'istio-system', '-l', 'kubernetes.io/service-name=istiod']);
    expect(slices.items[0].endpoints[0].conditions).toEqual({ ready: false, serving: false, terminating: false });
  });

  it('answers NotFound, unknown types and bad field selectors like kubectl', async () => {
    expect(await kubectl(['get', 'pods', 'nope', '-n', 'istio-system', '-o', 'json'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): pods "nope" not found\n',
    });
    expect(await kubectl(['get', 'deployment/nope', '-n', 'istio-system', '-o', 'json'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error from server (NotFound): deployments.apps "nope" not found\n',
    });
    expect((await kubectl(['get', 'widgets', '-o', 'json'])).stderr).toBe('error: the server doesn\'t have a resource type "widgets"\n');
    const empty = await kubectl(['get', 'serviceentries', '-n', 'default', '-o', 'json']);
    expect(JSON.parse(empty.stdout)).toEqual({ apiVersion: 'v1', items: [], kind: 'List', metadata: { resourceVersion: '' } });
    const webhooks = await kubectl(['get', 'mutatingwebhookconfigurations', '-o', 'json']);
    expect(JSON.parse(webhooks.stdout).items).toEqual([]);
  });
});

describe('fake kubectl: contexts and config', () => {
  it('tells a missing context apart the way kubectl does', async () => {
    // get asks for the namespace first, which validates the whole config.
    expect(await fakes.run('kubectl', ['--context', 'k3d-nope', 'get', 'pods', '-o', 'json'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'Error in configuration: \n* context was not found for specified context: k3d-nope\n* cluster has no server defined\n',
    });
    // apply builds its client first.
    expect(
      await fakes.run('kubectl', ['--context', 'k3d-nope', 'apply', '--server-side', '-f', '-'], { input: yaml(namespace('x')) }),
    ).toEqual({
      code: 1,
      stdout: '',
      stderr: 'error: context "k3d-nope" does not exist\n',
    });
  });

  it('reads the current context and contexts without changing them', async () => {
    expect(await fakes.run('kubectl', ['config', 'current-context'])).toEqual({ code: 0, stdout: 'user-prod\n', stderr: '' });
    expect(await fakes.run('kubectl', ['config', 'get-contexts', '-o', 'name'])).toEqual({
      code: 0,
      stdout: 'k3d-east\nuser-prod\n',
      stderr: '',
    });
    const empty = installFakes({ kubeconfig: false });
    try {
      expect(await empty.run('kubectl', ['config', 'current-context'])).toEqual({
        code: 1,
        stdout: '',
        stderr: 'error: current-context is not set\n',
      });
    } finally {
      empty.cleanup();
    }
  });

  it('prints its client version as JSON', async () => {
    const result = await fakes.run('kubectl', ['version', '--client', '-o', 'json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      clientVersion: { gitVersion: 'v1.32.4', major: '1', minor: '32' },
      kustomizeVersion: 'v5.5.0',
    });
    expect(result.stdout.startsWith('{\n  "clientVersion": {\n')).toBe(true);
  });

  it("cannot reach the user's own cluster", async () => {
    const result = await fakes.run('kubectl', ['get', 'pods', '-o', 'json']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Unable to connect to the server: dial tcp: lookup prod\.example\.invalid: no such host\n$/);
  });
});
