import { rmSync } from 'node:fs';
import { afterEach, describe, expect, test } from 'vitest';
import type { Faults } from '../fakes/install.js';
import {
  cleanUpLifecycle,
  cluster,
  commandLines,
  fakes,
  FULL_PACKAGES,
  ISTIO_PACKAGES,
  lifecycleProject,
  mesh,
  said,
  EXTERNAL_PXC,
} from '../helpers/lifecycle.js';
import { makeProject, tsConfig } from '../helpers/project.js';

cleanUpLifecycle();
const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const PORT = 18470;
const PULL = 'Back-off pulling image "docker.io/istio/pilot:1.30.3"';

/** istiod's pod cannot pull its image: the pod, and the warning event Kubernetes records for it. */
const PULL_FAILS: Faults = {
  pods: { 'istio-system': [{ name: 'istiod-7d4b9c-x2k8q', ready: false, reason: 'ImagePullBackOff', message: PULL }] },
  events: [
    {
      namespace: 'istio-system',
      reason: 'Failed',
      message: 'Failed to pull image "docker.io/istio/pilot:1.30.3": manifest unknown',
      involvedObject: { kind: 'Pod', name: 'istiod-7d4b9c-x2k8q' },
      lastTimestamp: '2026-01-01T00:00:02Z',
    },
    {
      namespace: 'istio-system',
      reason: 'BackOff',
      message: PULL,
      involvedObject: { kind: 'Pod', name: 'istiod-7d4b9c-x2k8q' },
      lastTimestamp: '2026-01-01T00:00:03Z',
    },
  ],
};

interface VerifyJson {
  stage: string;
  ok: boolean;
  tasks: Array<{ id: string; status: string; checks?: Array<{ cluster: string; check: string; ok: boolean; detail: string }> }>;
  error: { message: string; exitCode: number };
}

describe('a rollout that never completes (fake k3d, kubectl and docker; real helm)', () => {
  test('mesh up exits 1 naming the deployment, the pod not Ready and why, and the latest warning events; verify is skipped', async () => {
    const tools = fakes({ net: EXTERNAL_PXC });
    tools.setFaults({ ...PULL_FAILS, kubectl: { rollout: { 'deployment/istiod': 'never' } } });
    const cwd = lifecycleProject(`{ clusters: { dev: ${cluster(PORT)} }, packages: ${FULL_PACKAGES} }`);
    const run = await mesh(tools, cwd, ['up', '--timeout', '45s']);
    expect(run.code, said(run)).toBe(1);
    // The first line stands alone in the progress output, so it carries the first reason.
    expect(run.stderr).toMatch(
      /^ {2}✖ deploy to dev: deployment\/istiod in istio-system \(target istio-istiod\) did not roll out within 45s: pod istiod-7d4b9c-x2k8q is not Ready: ImagePullBackOff \(Back-off pulling image "docker\.io\/istio\/pilot:1\.30\.3"\) in container discovery$/m,
    );
    expect(run.stderr).toMatch(
      /^ +warning event on Pod\/istiod-7d4b9c-x2k8q: Failed: Failed to pull image "docker\.io\/istio\/pilot:1\.30\.3": manifest unknown$/m,
    );
    expect(run.stderr).toMatch(/^ +warning event on Pod\/istiod-7d4b9c-x2k8q: BackOff: Back-off pulling image/m);
    expect(run.stderr).toMatch(/^ {4}hint: fix what is named above; a slow machine or network may need a longer --timeout$/m);
    expect(run.stderr).toContain('↓ verify dev (skipped: needs deploy:dev, which failed)');
    expect(run.stderr).not.toMatch(/^ {4}at /m);
    // The wait used the --timeout given, and nothing after istiod was applied.
    const calls = commandLines(tools);
    expect(calls).toContain('kubectl --context k3d-dev -n istio-system rollout status deployment/istiod --timeout=45s');
    expect(calls.filter((c) => c.includes(' -n istio-ingress '))).toEqual([]);
  });
});

describe('mesh verify on a cluster with a pod that is not Ready (fake k3d, kubectl and docker; real helm)', () => {
  test('exits 1; the text names the failed checks, --json lists every check with ok and detail', async () => {
    const tools = fakes({ net: EXTERNAL_PXC });
    const cwd = lifecycleProject(`{ clusters: { dev: ${cluster(PORT)} }, packages: ${ISTIO_PACKAGES} }`);
    const up = await mesh(tools, cwd, ['up']);
    expect(up.code, said(up)).toBe(0);
    const healthy = await mesh(tools, cwd, ['verify']);
    expect(healthy.code, said(healthy)).toBe(0);
    expect(healthy.stderr).toContain('pass pods in istio-system Ready: 1 pod Ready');

    tools.setFaults(PULL_FAILS);
    const from = tools.calls().length;
    const text = await mesh(tools, cwd, ['verify']);
    expect(text.code, said(text)).toBe(1);
    expect(text.stderr).toContain('FAIL pods in istio-system Ready: not Ready: istiod-7d4b9c-x2k8q');
    expect(text.stderr).toContain('FAIL istiod available: Available=False');
    expect(text.stderr).toContain('pass CRDs Established: 15 CRDs Established');
    // With istiod down, its webhooks have no CA bundle and injection fails too: each check says so.
    expect(text.stderr).toMatch(/^ {2}✖ verify dev: 4 of 7 checks failed on dev: istiod available \(Available=False/m);
    expect(text.stderr).toContain(
      'FAIL sidecar injection works: a pod to inject was refused: Internal error occurred: failed calling webhook "object.sidecar-injector.istio.io"',
    );
    // verify only reads (k3d first, that the cluster is there); its injection probe is a server-side dry run, which stores nothing.
    for (const c of commandLines(tools, from)) {
      expect(c).toMatch(
        /^(k3d cluster list -o json|kubectl --context k3d-dev (get |-n default apply --server-side --field-manager=k3d-mesh-verify --dry-run=server -o json -f -$))/,
      );
    }

    const json = await mesh(tools, cwd, ['verify', '--json']);
    expect(json.code, said(json)).toBe(1);
    const result = JSON.parse(json.stdout) as VerifyJson;
    expect(result).toMatchObject({ stage: 'verify', ok: false, error: { exitCode: 1 } });
    const verify = result.tasks.find((t) => t.id === 'verify:dev')!;
    expect(verify.status).toBe('failed');
    expect(verify.checks!.map((c) => [c.check, c.ok])).toEqual([
      ['CRDs Established', true],
      ['istiod available', false],
      ['sidecar injector webhook present', true],
      ['istio-sidecar-injector has its CA bundle', false],
      ['pods in istio-system Ready', false],
      ['sidecar injection works', false],
      ['proxies in sync with istiod', true],
    ]);
    for (const c of verify.checks!) {
      expect(c.cluster).toBe('dev');
      expect(c.detail).not.toBe('');
    }
    expect(verify.checks![4]!.detail).toBe('not Ready: istiod-7d4b9c-x2k8q');
  });
});

describe('workloads with updateStrategy OnDelete, which kubectl rollout status refuses (fake kubectl as the real one)', () => {
  const workload = (kind: string) => `apiVersion: apps/v1
kind: ${kind}
metadata:
  name: {{ .Release.Name }}-${kind.toLowerCase()}
spec:
${kind === 'StatefulSet' ? '  serviceName: db\n  replicas: 2\n' : ''}  updateStrategy:
    type: OnDelete
  selector:
    matchLabels: { app: ${kind.toLowerCase()} }
  template:
    metadata:
      labels: { app: ${kind.toLowerCase()} }
    spec:
      containers:
        - name: main
          image: busybox:1.37
`;

  test('deploy waits for their pods to be ready instead, and succeeds', async () => {
    const tools = fakes({ net: EXTERNAL_PXC });
    const cwd = makeProject({
      'mesh.config.ts': tsConfig(
        `{ clusters: { dev: ${cluster(PORT + 7)} }, packages: { db: mkHelmChart({ name: 'db', chart: './charts/db', namespace: 'data' }) } }`,
      ),
      'charts/db/Chart.yaml': 'apiVersion: v2\nname: db\nversion: 0.1.0\n',
      'charts/db/templates/statefulset.yaml': workload('StatefulSet'),
      'charts/db/templates/daemonset.yaml': workload('DaemonSet'),
    });
    made.push(cwd);
    const run = await mesh(tools, cwd, ['deploy']);
    expect(run.code, said(run)).toBe(0);
    const calls = commandLines(tools);
    expect(calls.filter((c) => c.includes('rollout status'))).toEqual([]);
    expect(calls).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/get statefulset db-statefulset -n data -o json$/),
        expect.stringMatching(/get daemonset db-daemonset -n data -o json$/),
      ]),
    );
    const direct = await tools.run('kubectl', ['--context', 'k3d-dev', '-n', 'data', 'rollout', 'status', 'statefulset/db-statefulset']);
    expect([direct.code, direct.stderr]).toEqual([1, 'error: rollout status is only available for RollingUpdate strategy type\n']);
  });
});
