import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { makeProject, tsConfig } from '../helpers/project.js';

/** What is missing for a real cluster here, or undefined when docker and k3d both work. */
function missing(): string | undefined {
  const reasons: string[] = [];
  const docker = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
  if (docker.error) reasons.push('docker is not installed');
  else if (docker.status !== 0 || !docker.stdout.trim())
    reasons.push(`the docker daemon is not reachable (${(docker.stderr || docker.stdout).trim().split('\n')[0]})`);
  if (spawnSync('k3d', ['version'], { encoding: 'utf8' }).error) reasons.push('k3d is not installed');
  if (spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).error) reasons.push('kubectl is not installed');
  return reasons.length ? reasons.join('; ') : undefined;
}

const why = missing();
if (why) console.warn(`test/e2e skipped: ${why}. Install docker and k3d 5.5.0 or newer (https://k3d.io/#installation) to run it.`);
const cluster = `mesh-e2e-${process.pid}`;
// Real tools, real network: helm from PATH or the bundled one, the user's environment.
const env = {
  MESH_HELM: process.env.MESH_HELM,
  PATH: process.env.PATH,
  KUBECONFIG: process.env.KUBECONFIG,
  MESH_CACHE_DIR: mkdtempSync(join(tmpdir(), 'mesh-e2e-cache-')),
};

describe.skipIf(why)(`mesh up, verify and down on real docker and k3d${why ? ` (skipped: ${why})` : ''}`, () => {
  const cwd = makeProject({
    'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
    'charts/app/templates/objects.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: keep\n{{- if .Values.extra }}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\n{{- end }}\n',
    'mesh.config.ts': tsConfig(`{
  clusters: { '${cluster}': mkClusterConfig({ ports: [{ port: '18480:80', nodeFilters: ['loadbalancer'] }] }) },
  packages: {
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    istiod: mkIstiod({ values: { pilot: { resources: { requests: { cpu: '100m', memory: '256Mi' } } } } }),
    gateway: mkIstioGateway(),
  },
}`),
  });
  afterAll(async () => {
    await runMesh(['down'], { cwd, env });
  });

  test('mesh up brings the cluster and Istio up, and verify passes', async () => {
    const up = await runMesh(['up'], { cwd, env });
    expect(up.code, up.stderr).toBe(0);
    const verify = await runMesh(['verify', '--json'], { cwd, env });
    expect(verify.code, verify.stderr).toBe(0);
    const checks = JSON.parse(verify.stdout).tasks.find((t: { id: string }) => t.id === `verify:${cluster}`).checks;
    expect(checks.length).toBeGreaterThan(3);
    expect(checks.every((c: { ok: boolean }) => c.ok)).toBe(true);
  });

  test('a second mesh up leaves the running cluster alone and changes nothing', async () => {
    const again = await runMesh(['up', '--json'], { cwd, env });
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).tasks.find((t: { id: string }) => t.id === `create:${cluster}`).result).toBe('running');
  });

  test('a config change prunes what a target no longer renders, on the real API server', async () => {
    const kubectl = (...args: string[]) => spawnSync('kubectl', ['--context', `k3d-${cluster}`, ...args], { encoding: 'utf8' });
    const withApp = (extra: boolean) =>
      writeFileSync(
        join(cwd, 'mesh.config.ts'),
        readFileSync(join(cwd, 'mesh.config.ts'), 'utf8').replace(
          /packages: \{\n(?:    app: .*\n)?/,
          `packages: {\n    app: mkHelmChart({ name: 'app', chart: './charts/app', namespace: 'apps', values: { extra: ${extra} } }),\n`,
        ),
      );
    withApp(true);
    expect((await runMesh(['deploy'], { cwd, env })).code).toBe(0);
    expect(kubectl('-n', 'apps', 'get', 'configmap', 'extra', '-o', 'name').stdout.trim()).toBe('configmap/extra');
    withApp(false);
    const pruned = await runMesh(['deploy'], { cwd, env });
    expect(pruned.code, pruned.stderr).toBe(0);
    expect(pruned.stderr).toContain('app: ConfigMap/extra in apps is no longer rendered and is deleted');
    expect(kubectl('-n', 'apps', 'get', 'configmap', 'extra', '--ignore-not-found', '-o', 'name').stdout.trim()).toBe('');
    expect(kubectl('-n', 'apps', 'get', 'configmap', 'keep', '-o', 'name').stdout.trim()).toBe('configmap/keep');
  });

  test('mesh down deletes it, and a second mesh down is not an error', async () => {
    expect((await runMesh(['down'], { cwd, env })).code).toBe(0);
    const list = spawnSync('k3d', ['cluster', 'list', '-o', 'json'], { encoding: 'utf8' });
    expect(JSON.parse(list.stdout).map((c: { name: string }) => c.name)).not.toContain(cluster);
    expect((await runMesh(['down'], { cwd, env })).code).toBe(0);
  });
});

describe.skipIf(why)(`two clusters on one docker network on real docker and k3d${why ? ` (skipped: ${why})` : ''}`, () => {
  const [a, b] = [`mesh-e2e-a-${process.pid}`, `mesh-e2e-b-${process.pid}`];
  const network = `mesh-e2e-net-${process.pid}`;
  const cwd = makeProject({
    'mesh.config.ts': tsConfig(`{
  clusters: {
    '${a}': mkClusterConfig({ network: '${network}', ports: [{ port: '18481:80', nodeFilters: ['loadbalancer'] }] }),
    '${b}': mkClusterConfig({ network: '${network}', ports: [{ port: '18482:80', nodeFilters: ['loadbalancer'] }] }),
  },
  packages: { apps: mkNamespace({ name: 'apps' }) },
}`),
  });
  afterAll(async () => {
    await runMesh(['down'], { cwd, env });
  });

  test('both come up in parallel with both contexts; down of one keeps the network while the other is stopped', async () => {
    const up = await runMesh(['up'], { cwd, env });
    expect(up.code, up.stderr).toBe(0);
    const contexts = spawnSync('kubectl', ['config', 'get-contexts', '-o', 'name'], { encoding: 'utf8' }).stdout.split('\n');
    expect(contexts).toEqual(expect.arrayContaining([`k3d-${a}`, `k3d-${b}`]));
    expect(spawnSync('k3d', ['cluster', 'stop', b]).status).toBe(0);
    expect((await runMesh(['down', '--cluster', a], { cwd, env })).code).toBe(0);
    expect(spawnSync('docker', ['network', 'inspect', network]).status).toBe(0);
    expect(spawnSync('k3d', ['cluster', 'start', b]).status).toBe(0);
    expect((await runMesh(['down'], { cwd, env })).code).toBe(0);
    expect(spawnSync('docker', ['network', 'inspect', network]).status).not.toBe(0);
  });
});

describe.skipIf(why)(`a service in one real cluster reached by name from another${why ? ` (skipped: ${why})` : ''}`, () => {
  const [a, b] = [`mesh-e2e-xa-${process.pid}`, `mesh-e2e-xb-${process.pid}`];
  const cwd = makeProject({
    // A TCP server in cluster-b behind a ClusterIP Service only: mesh has to expose it.
    'charts/echo/Chart.yaml': 'apiVersion: v2\nname: echo\nversion: 0.1.0\n',
    'charts/echo/templates/echo.yaml': `apiVersion: apps/v1
kind: Deployment
metadata: { name: echo }
spec:
  selector: { matchLabels: { app: echo } }
  template:
    metadata: { labels: { app: echo } }
    spec:
      containers:
        - name: echo
          image: busybox:1.37
          command: ['sh', '-c', 'while true; do echo hello | nc -l -p 3306; done']
          ports: [{ containerPort: 3306 }]
          readinessProbe: { tcpSocket: { port: 3306 } }
---
apiVersion: v1
kind: Service
metadata: { name: echo }
spec:
  selector: { app: echo }
  ports: [{ name: tcp, port: 3306, targetPort: 3306 }]
`,
    'mesh.config.ts': tsConfig(`{
  clusters: {
    '${a}': mkClusterConfig({ ports: [{ port: '18483:80', nodeFilters: ['loadbalancer'] }] }),
    '${b}': mkClusterConfig({ ports: [{ port: '18484:80', nodeFilters: ['loadbalancer'] }] }),
  },
  packages: {
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    istiod: mkIstiod({ values: { pilot: { resources: { requests: { cpu: '100m', memory: '256Mi' } } } } }),
    echo: mkHelmChart({ name: 'echo', chart: './charts/echo', namespace: 'echo' }),
    'echo-remote': mkPXCServiceEntry({
      name: 'echo', namespace: 'default', remoteClusterName: '${b}',
      source: { namespace: 'echo', service: 'echo', expose: true },
    }),
  },
  deploy: { '${a}': ['istio-system', 'istio-base', 'istiod', 'echo-remote'], '${b}': ['echo'] },
}`),
  });
  afterAll(async () => {
    await runMesh(['down'], { cwd, env });
  });

  test('mesh up wires it; pods with and without a sidecar resolve the name and connect', async () => {
    const up = await runMesh(['up', '--timeout', '10m'], { cwd, env });
    expect(up.code, up.stderr).toBe(0);
    const verify = await runMesh(['verify', '--cluster', a, '--json'], { cwd, env });
    expect(verify.code, verify.stderr).toBe(0);
    const checks = JSON.parse(verify.stdout).tasks.find((t: { id: string }) => t.id === `verify:${a}`).checks;
    const host = `echo.${b}.global:3306`;
    expect(checks.filter((c: { check: string }) => c.check.startsWith(host)).map((c: { ok: boolean }) => c.ok)).toEqual([true, true]);
  });
});
