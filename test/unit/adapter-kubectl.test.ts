import { writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ToolError } from '../../lib/errors.js';
import { kubectlAdapter } from '../../lib/tools/kubectl/adapter.js';
import { FakeRunner } from '../helpers/fake-runner.js';
import { realRunner } from '../../lib/process/real-runner.js';
import { searchPath } from '../../lib/process/find-binary.js';
import { executable, failure } from '../helpers/errors.js';

let work: string;
let fakeKubectl: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'mesh-kubectl-unit-'));
  fakeKubectl = executable(join(work, 'bin', 'kubectl'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const MANIFEST =
  'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: istio-system\n---\napiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: istiod\n';

// Captured from kubectl v1.32.4 against a kubeconfig whose server is 127.0.0.1:1 (nothing listening).
const KLOG_REFUSED =
  'E1124 23:32:55.521763   18123 memcache.go:265] "Unhandled Error" err="couldn\'t get current server API group list: Get \\"https://127.0.0.1:6443/api?timeout=32s\\": dial tcp 127.0.0.1:6443: connect: connection refused"\n';
const REFUSED = `${KLOG_REFUSED.repeat(5)}The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n`;

describe('finding kubectl', () => {
  it('with no kubectl anywhere, says how to install it', async () => {
    const error = await failure(adapterWith(new FakeRunner(), { PATH: join(work, 'empty') }).ensureInstalled());

    expect(error.exitCode).toBe(1);
    expect(error.message).toContain('kubectl is not installed');
    expect(error.hint).toBe('install kubectl (https://kubernetes.io/docs/tasks/tools/), or set MESH_KUBECTL');
  });

  it('with a fake kubectl that is v1.32.4, reads the client version', async () => {
    const stdout = JSON.stringify(
      { clientVersion: { major: '1', minor: '32', gitVersion: 'v1.32.4', platform: 'linux/amd64' }, kustomizeVersion: 'v5.5.0' },
      null,
      2,
    );
    const runner = new FakeRunner().on('kubectl version', { stdout });

    expect(await adapterWith(runner).version()).toBe('v1.32.4');
    expect(runner.calls).toEqual([{ tool: 'kubectl', bin: fakeKubectl, args: ['version', '--client', '-o', 'json'], mutates: false }]);
  });
});

describe('kubectl apply', () => {
  it('with a fake kubectl, applies server-side with mesh as field manager, in the context, manifest on stdin', async () => {
    const runner = new FakeRunner().on('kubectl --context k3d-dev apply', {
      stdout: 'namespace/istio-system serverside-applied\nserviceaccount/istiod serverside-applied\n',
    });

    const lines = await adapterWith(runner).apply({ context: 'k3d-dev', manifest: MANIFEST, namespace: 'istio-system' });

    expect(lines).toEqual(['namespace/istio-system serverside-applied', 'serviceaccount/istiod serverside-applied']);
    expect(runner.calls).toEqual([
      {
        tool: 'kubectl',
        bin: fakeKubectl,
        args: [
          '--context',
          'k3d-dev',
          'apply',
          '--server-side',
          '--field-manager=k3d-mesh',
          '--force-conflicts',
          '-n',
          'istio-system',
          '-f',
          '-',
        ],
        input: MANIFEST,
        mutates: true,
      },
    ]);
  });

  it('with a fake kubectl and no namespace, passes no -n', async () => {
    const runner = new FakeRunner().on('kubectl', { stdout: 'namespace/istio-system serverside-applied\n' });
    await adapterWith(runner).apply({ context: 'k3d-dev', manifest: MANIFEST });

    expect(runner.calls[0]?.args).toEqual([
      '--context',
      'k3d-dev',
      'apply',
      '--server-side',
      '--field-manager=k3d-mesh',
      '--force-conflicts',
      '-f',
      '-',
    ]);
  });

  it('retries a change that failed in a way a moment would fix, and nothing else', async () => {
    const refused = 'The connection to the server 0.0.0.0:6443 was refused - did you specify the right host or port?\n';
    let calls = 0;
    const flaky = new FakeRunner().on('kubectl --context k3d-dev apply', () =>
      ++calls < 3 ? { exitCode: 1, stderr: refused } : { stdout: 'namespace/apps serverside-applied\n' },
    );
    expect(await adapterWith(flaky, undefined, [0, 0, 0]).apply({ context: 'k3d-dev', manifest: MANIFEST })).toEqual([
      'namespace/apps serverside-applied',
    ]);
    expect(calls).toBe(3);
    const invalid = new FakeRunner().on('kubectl', { exitCode: 1, stderr: 'error: error validating data: unknown field "spec.bogus"\n' });
    await failure(adapterWith(invalid, undefined, [0, 0, 0]).apply({ context: 'k3d-dev', manifest: MANIFEST }));
    expect(invalid.calls).toHaveLength(1);
    // A probe's refusal is the finding: asked once. An API server that did not answer gave no finding yet.
    const webhook =
      'Error from server (InternalError): Internal error occurred: failed calling webhook "v.example.io": failed to call webhook: Post "https://x.apps.svc:443/v": context deadline exceeded\n';
    const once = new FakeRunner().on('kubectl', { exitCode: 1, stderr: webhook });
    await failure(adapterWith(once, undefined, [0, 0, 0]).apply({ context: 'k3d-dev', manifest: MANIFEST, once: true }));
    expect(once.calls).toHaveLength(1);
    const unanswered = new FakeRunner().on('kubectl', { exitCode: 1, stderr: refused });
    await failure(adapterWith(unanswered, undefined, [0, 0, 0]).apply({ context: 'k3d-dev', manifest: MANIFEST, once: true }));
    expect(unanswered.calls).toHaveLength(4);
  });

  it('with an empty manifest, runs nothing', async () => {
    const runner = new FakeRunner();
    expect(await adapterWith(runner).apply({ context: 'k3d-dev', manifest: '\n' })).toEqual([]);
    expect(runner.calls).toEqual([]);
  });

  it('with a fake kubectl whose cluster is down, names the context and says to start it', async () => {
    const stderr =
      'error: error validating "STDIN": error validating data: failed to download openapi: Get "https://127.0.0.1:6443/openapi/v2?timeout=32s": dial tcp 127.0.0.1:6443: connect: connection refused; if you choose to ignore these errors, turn validation off with --validate=false\n';
    const error = await failure(
      adapterWith(new FakeRunner().on('kubectl', { exitCode: 1, stderr })).apply({ context: 'k3d-dev', manifest: MANIFEST }),
    );

    expect(error.message.split('\n')[0]).toBe(
      'the cluster of kubectl context "k3d-dev" is not reachable: dial tcp 127.0.0.1:6443: connect: connection refused',
    );
    expect(error.hint).toBe('is the cluster running? check with `k3d cluster list`; start it with `k3d cluster start dev` or `mesh up`');
  });

  it('with a fake kubectl whose cluster lacks a CRD, says to install it first', async () => {
    const stderr =
      'error: resource mapping not found for name: "mesh-gateway" namespace: "istio-system" from "STDIN": no matches for kind "Gateway" in version "networking.istio.io/v1"\nensure CRDs are installed first\n';
    const error = await failure(
      adapterWith(new FakeRunner().on('kubectl', { exitCode: 1, stderr })).apply({ context: 'k3d-dev', manifest: MANIFEST }),
    );

    expect(error.message.split('\n')[0]).toBe('the cluster of kubectl context "k3d-dev" has no kind Gateway in networking.istio.io/v1');
    expect(error.hint).toContain('CustomResourceDefinition');
  });

  it('with a fake kubectl given an object of another namespace than -n, says how -n works', async () => {
    const stderr = `error: the namespace from the provided object "kube-system" does not match the namespace "istio-system". You must pass '--namespace=kube-system' to perform this operation.\n`;
    const error = await failure(
      adapterWith(new FakeRunner().on('kubectl', { exitCode: 1, stderr })).apply({
        context: 'k3d-dev',
        manifest: MANIFEST,
        namespace: 'istio-system',
      }),
    );

    expect(error.message.split('\n')[0]).toBe(
      'the manifest has an object in namespace kube-system, but it is applied with -n istio-system (kubectl context "k3d-dev")',
    );
  });
});

describe('kubectl wait and rollout status', () => {
  it('with a fake kubectl, waits for CRDs to be Established in the context', async () => {
    const runner = new FakeRunner().on('kubectl --context k3d-dev wait', {
      stdout: 'customresourcedefinition.apiextensions.k8s.io/gateways.networking.istio.io condition met\n',
    });
    await adapterWith(runner).waitEstablished({
      context: 'k3d-dev',
      crds: ['gateways.networking.istio.io', 'virtualservices.networking.istio.io'],
      timeoutSeconds: 60,
    });

    expect(runner.calls).toEqual([
      {
        tool: 'kubectl',
        bin: fakeKubectl,
        args: [
          '--context',
          'k3d-dev',
          'wait',
          '--for=condition=Established',
          '--timeout=60s',
          'crd/gateways.networking.istio.io',
          'crd/virtualservices.networking.istio.io',
        ],
        mutates: false,
      },
    ]);
  });

  it('with a fake kubectl whose CRDs never become Established, says so', async () => {
    const stderr = 'error: timed out waiting for the condition on customresourcedefinitions/gateways.networking.istio.io\n';
    const error = await failure(
      adapterWith(new FakeRunner().on('kubectl', { exitCode: 1, stderr })).waitEstablished({
        context: 'k3d-dev',
        crds: ['gateways.networking.istio.io'],
        timeoutSeconds: 60,
      }),
    );

    expect(error.message.split('\n')[0]).toBe('CRDs were not established within 60s in kubectl context "k3d-dev"');
    expect(error.message).toContain(
      'kubectl: error: timed out waiting for the condition on customresourcedefinitions/gateways.networking.istio.io',
    );
  });

  it('with a fake kubectl, checks a rollout in the context and namespace', async () => {
    const runner = new FakeRunner().on('kubectl --context k3d-dev -n istio-system rollout status', {
      stdout: 'deployment "istiod" successfully rolled out\n',
    });
    await adapterWith(runner).rolloutStatus({
      context: 'k3d-dev',
      namespace: 'istio-system',
      kind: 'Deployment',
      name: 'istiod',
      timeoutSeconds: 300,
    });

    expect(runner.calls).toEqual([
      {
        tool: 'kubectl',
        bin: fakeKubectl,
        args: ['--context', 'k3d-dev', '-n', 'istio-system', 'rollout', 'status', 'deployment/istiod', '--timeout=300s'],
        mutates: false,
      },
    ]);
  });

  it('with a fake kubectl whose rollout times out, names the resource that did not roll out', async () => {
    // rollout status prints progress on stdout, then fails with wait.ErrWaitTimeout.
    const error = await failure(
      adapterWith(
        new FakeRunner().on('kubectl', {
          exitCode: 1,
          stdout: 'Waiting for deployment "istiod" rollout to finish: 0 of 1 updated replicas are available...\n',
          stderr: 'error: timed out waiting for the condition\n',
        }),
      ).rolloutStatus({ context: 'k3d-dev', namespace: 'istio-system', kind: 'Deployment', name: 'istiod', timeoutSeconds: 300 }),
    );

    expect(error.message.split('\n')[0]).toBe(
      'deployment/istiod in namespace istio-system (kubectl context "k3d-dev") did not roll out within 300s',
    );
    expect(error.hint).toContain('kubectl --context k3d-dev -n istio-system describe deployment/istiod');
  });

  it('with a fake kubectl whose deployment exceeds its progress deadline, names it too', async () => {
    const stderr = 'error: deployment "istiod" exceeded its progress deadline\n';
    const error = await failure(
      adapterWith(new FakeRunner().on('kubectl', { exitCode: 1, stderr })).rolloutStatus({
        context: 'k3d-dev',
        namespace: 'istio-system',
        kind: 'Deployment',
        name: 'istiod',
        timeoutSeconds: 300,
      }),
    );

    expect(error.message.split('\n')[0]).toBe(
      'deployment/istiod in namespace istio-system (kubectl context "k3d-dev") did not roll out: it exceeded its progress deadline',
    );
  });
});

describe('kubectl get -o json', () => {
  const POD_LIST = {
    apiVersion: 'v1',
    kind: 'List',
    items: [{ kind: 'Pod', metadata: { name: 'istiod-7d4c9f8b6-x2x9p', namespace: 'istio-system' } }],
    metadata: { resourceVersion: '' },
  };

  it('with a fake kubectl, builds the get with every selector and parses the JSON', async () => {
    const runner = new FakeRunner().on('kubectl --context k3d-dev get pods', { stdout: JSON.stringify(POD_LIST, null, 4) });
    const pods = await adapterWith(runner).getJson({
      context: 'k3d-dev',
      resource: 'pods',
      namespace: 'istio-system',
      selector: 'app=istiod',
      fieldSelector: 'status.phase=Running',
    });

    expect(pods).toEqual(POD_LIST);
    expect(runner.calls[0]?.args).toEqual([
      '--context',
      'k3d-dev',
      'get',
      'pods',
      '-n',
      'istio-system',
      '-l',
      'app=istiod',
      '--field-selector',
      'status.phase=Running',
      '-o',
      'json',
    ]);
    expect(runner.calls[0]?.mutates).toBe(false);
  });

  it('with a fake kubectl, gets one object by name, or across all namespaces', async () => {
    const runner = new FakeRunner().on('kubectl', { stdout: '{"kind":"Service"}' });
    const kubectl = adapterWith(runner);
    await kubectl.getJson({ context: 'k3d-a', resource: 'service', name: 'istiod', namespace: 'istio-system' });
    await kubectl.getJson({ context: 'k3d-b', resource: 'gateways.networking.istio.io', allNamespaces: true });

    expect(runner.lines()).toEqual([
      'kubectl --context k3d-a get service istiod -n istio-system -o json',
      'kubectl --context k3d-b get gateways.networking.istio.io -A -o json',
    ]);
  });

  it('with a fake kubectl that does not find the object, returns undefined', async () => {
    const runner = new FakeRunner().on('kubectl', { exitCode: 1, stderr: 'Error from server (NotFound): services "istiod" not found\n' });

    expect(
      await adapterWith(runner).getJson({ context: 'k3d-dev', resource: 'service', name: 'istiod', namespace: 'istio-system' }),
    ).toBeUndefined();
  });

  it('with a fake kubectl whose API server refuses connections, names the context', async () => {
    const error = await failure(
      adapterWith(new FakeRunner().on('kubectl', { exitCode: 1, stderr: REFUSED })).getJson({
        context: 'k3d-dev',
        resource: 'pods',
        namespace: 'default',
      }),
    );

    expect(error.message).toBe(
      'the cluster of kubectl context "k3d-dev" is not reachable: The connection to the server 127.0.0.1:6443 was refused\n' +
        '  kubectl: The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?',
    );
    expect(error.hint).toContain('is the cluster running? check with `k3d cluster list`');
  });

  it('with a fake kubectl that cannot resolve the server, says it is unreachable', async () => {
    const stderr = 'Unable to connect to the server: dial tcp: lookup k3d-dev-serverlb on 127.0.0.53:53: no such host\n';
    const error = await failure(
      adapterWith(new FakeRunner().on('kubectl', { exitCode: 1, stderr })).getJson({
        context: 'work',
        resource: 'pods',
        namespace: 'default',
      }),
    );

    expect(error.message.split('\n')[0]).toBe(
      'the cluster of kubectl context "work" is not reachable: Unable to connect to the server: dial tcp: lookup k3d-dev-serverlb on 127.0.0.53:53: no such host',
    );
    // A context that is not k3d's is an existing cluster's: k3d has nothing to say about it.
    expect(error.hint).toBe(
      'check that its API server answers (`kubectl --context work cluster-info`): a VPN, a bastion or fresh credentials may be needed',
    );
  });

  it('with a fake kubectl whose kubeconfig lacks the context, names the context and KUBECONFIG', async () => {
    const stderr = 'Error in configuration: context was not found for specified context: k3d-gone\n';
    const runner = new FakeRunner().on('kubectl', { exitCode: 1, stderr });
    const error = await failure(
      adapterWith(runner, { PATH: join(work, 'bin'), KUBECONFIG: '/home/me/.kube/mesh.yaml' }).getJson({
        context: 'k3d-gone',
        resource: 'pods',
      }),
    );

    expect(error.message.split('\n')[0]).toBe(
      'kubectl context "k3d-gone" is not in the kubeconfig /home/me/.kube/mesh.yaml (from KUBECONFIG)',
    );
    expect(runner.calls[0]?.env).toEqual({ KUBECONFIG: '/home/me/.kube/mesh.yaml' });
  });

  it('with a fake kubectl and no KUBECONFIG, points at ~/.kube/config', async () => {
    const stderr = 'error: context "k3d-gone" does not exist\n';
    const error = await failure(
      adapterWith(new FakeRunner().on('kubectl', { exitCode: 1, stderr })).getJson({ context: 'k3d-gone', resource: 'pods' }),
    );

    expect(error.message.split('\n')[0]).toBe('kubectl context "k3d-gone" is not in the kubeconfig ~/.kube/config');
  });

  it('with a fake kubectl that fails otherwise, keeps the ToolError', async () => {
    const stderr = 'error: the server doesn\'t have a resource type "gatewayz"\n';
    const error = await failure(
      adapterWith(new FakeRunner().on('kubectl', { exitCode: 1, stderr })).getJson({ context: 'k3d-dev', resource: 'gatewayz' }),
    );

    expect(error).toBeInstanceOf(ToolError);
    expect(error.message).toContain(`\`${fakeKubectl} --context k3d-dev get gatewayz -o json\` exited with code 1`);
  });
});

describe('kubeconfig contexts', () => {
  it('with a fake kubectl, reads the current context without --context', async () => {
    const runner = new FakeRunner().on('kubectl config current-context', { stdout: 'k3d-dev\n' });

    expect(await adapterWith(runner).currentContext()).toBe('k3d-dev');
    expect(runner.calls[0]?.args).toEqual(['config', 'current-context']);
  });

  it('with a fake kubectl whose kubeconfig has no current context, returns undefined', async () => {
    const runner = new FakeRunner().on('kubectl config current-context', { exitCode: 1, stderr: 'error: current-context is not set\n' });

    expect(await adapterWith(runner).currentContext()).toBeUndefined();
  });

  it('with a fake kubectl, lists context names', async () => {
    const runner = new FakeRunner().on('kubectl config get-contexts -o name', { stdout: 'k3d-dev\nk3d-edge\n' });

    expect(await adapterWith(runner).contexts()).toEqual(['k3d-dev', 'k3d-edge']);
  });

  it('with a fake kubectl whose kubeconfig is broken, names the file', async () => {
    const stderr = 'error: error loading config file "/home/me/.kube/config": yaml: line 1: did not find expected node content\n';
    const error = await failure(adapterWith(new FakeRunner().on('kubectl', { exitCode: 1, stderr })).contexts());

    expect(error.message.split('\n')[0]).toBe(
      'the kubeconfig /home/me/.kube/config cannot be read: yaml: line 1: did not find expected node content',
    );
  });
});

describe('with the real kubectl', () => {
  const kubectl = searchPath('kubectl', process.env);

  it.skipIf(kubectl === undefined)('and an empty kubeconfig, a missing context names the context and the file', async () => {
    const kubeconfig = join(work, 'empty-kubeconfig');
    writeFileSync(kubeconfig, '');
    const adapter = kubectlAdapter({ runner: realRunner(), env: { PATH: process.env.PATH, HOME: work, KUBECONFIG: kubeconfig } });

    const error = await failure(adapter.getJson({ context: 'nope', resource: 'pods' }));

    expect(error.message).toBe(
      `kubectl context "nope" is not in the kubeconfig ${kubeconfig} (from KUBECONFIG)\n  kubectl: Error in configuration: context was not found for specified context: nope`,
    );
    expect(error.hint).toContain('kubectl config get-contexts');
    expect(await adapter.currentContext()).toBeUndefined();
    expect(await adapter.contexts()).toEqual([]);
  });
});

// No waiting between retries here: the tests below that want retries say how many.
function adapterWith(runner: FakeRunner, env: Record<string, string> = { PATH: join(work, 'bin') }, retryDelaysMs: number[] = []) {
  return kubectlAdapter({ runner, env, retryDelaysMs });
}
