import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { describe, expect, test } from 'vitest';
import { cleanUpLifecycle, commandLines, fakeClusters, fakes, lifecycleProject, mesh, said } from '../helpers/lifecycle.js';

cleanUpLifecycle();

const PORT = 18470;

interface Kubeconfig {
  clusters: Array<{ name: string; cluster: { server: string } }>;
  contexts: Array<{ name: string; context: { cluster: string; user: string } }>;
  users: Array<{ name: string; user: Record<string, string> }>;
}

/**
 * A cluster someone else runs: made by hand with the fake k3d, then reached
 * through a kubeconfig file of the team's own, with a context and user that
 * have nothing of k3d in their names.
 */
async function teamCluster(tools: ReturnType<typeof fakes>, cwd: string): Promise<string> {
  const made = await tools.run('k3d', [
    'cluster',
    'create',
    'shared',
    '--port',
    `${PORT}:80@loadbalancer`,
    '--kubeconfig-switch-context=false',
  ]);
  expect(made.code, made.stderr).toBe(0);
  const k3d = parse(readFileSync(tools.kubeconfig, 'utf8')) as Kubeconfig;
  const server = k3d.clusters.find((c) => c.name === 'k3d-shared')!.cluster.server;
  const own: Kubeconfig & Record<string, unknown> = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{ name: 'platform', cluster: { server } }],
    contexts: [{ name: 'team-prod', context: { cluster: 'platform', user: 'team-dev' } }],
    users: [{ name: 'team-dev', user: { token: 'not-a-real-token' } }],
    'current-context': 'team-prod',
  };
  const file = join(cwd, 'team.kubeconfig');
  writeFileSync(file, stringify(own));
  return file;
}

const CONFIG = (context = 'team-prod') => `{
  clusters: { prod: mkExistingCluster({ context: '${context}', kubeconfig: './team.kubeconfig' }) },
  packages: {
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    'istio-istiod': mkIstiod(),
    app: mkHelmChart({ name: 'app', chart: './charts/app', namespace: 'apps' }),
    ver: mkHelmChart({ name: 'ver', chart: './charts/ver', namespace: 'apps' }),
  },
}`;

// A chart that writes down the Kubernetes version helm told it.
const VERSION_CHART = {
  'charts/ver/Chart.yaml': 'apiVersion: v2\nname: ver\nversion: 0.1.0\n',
  'charts/ver/templates/cm.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: seen-version\ndata:\n  kube: "{{ .Capabilities.KubeVersion.Version }}"\n',
};

function project(context?: string): string {
  const cwd = lifecycleProject(CONFIG(context));
  for (const [path, text] of Object.entries(VERSION_CHART)) {
    mkdirSync(dirname(join(cwd, path)), { recursive: true });
    writeFileSync(join(cwd, path), text);
  }
  return cwd;
}

async function get(tools: ReturnType<typeof fakes>, file: string, resource: string, namespace?: string): Promise<string[]> {
  const scope = namespace ? ['-n', namespace] : [];
  const run = await tools.run('kubectl', ['--kubeconfig', file, '--context', 'team-prod', 'get', resource, ...scope, '-o', 'json']);
  expect(run.code, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { items: Array<{ metadata: { name: string } }> }).items.map((i) => i.metadata.name);
}

describe('mesh on an existing cluster, reached by a kubeconfig context (fake k3d, kubectl and docker; real helm)', () => {
  test('up checks the API server and every permission, deploys with the team’s kubeconfig, and never calls k3d or docker; down removes exactly what mesh applied', async () => {
    const tools = fakes();
    const cwd = project();
    const file = await teamCluster(tools, cwd);
    // Something of the team's own in a namespace mesh deploys to: down must leave it.
    const theirs = await tools.run('kubectl', ['--kubeconfig', file, '--context', 'team-prod', 'apply', '--server-side', '-f', '-'], {
      input:
        'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: apps\n---\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: team-settings\n  namespace: apps\n',
    });
    expect(theirs.code, theirs.stderr).toBe(0);
    const from = tools.calls().length;

    const up = await mesh(tools, cwd, ['up', '--json']);
    expect(up.code, said(up)).toBe(0);
    const calls = commandLines(tools, from);
    expect(calls.filter((c) => c.startsWith('k3d ') || c.startsWith('docker '))).toEqual([]);
    const prefix = `kubectl --kubeconfig ${file} --context team-prod`;
    const kubectl = calls.filter((c) => c.startsWith('kubectl ') && !c.startsWith('kubectl version --client'));
    expect(kubectl.filter((c) => !c.startsWith(prefix))).toEqual([]);
    expect(calls).toContain(`${prefix} version -o json`);
    expect(calls).toContain(`${prefix} auth can-i create customresourcedefinitions.apiextensions.k8s.io --all-namespaces`);
    expect(calls).toContain(`${prefix} auth can-i patch deployments.apps -n istio-system`);
    // The permission checks come before the first apply.
    const firstApply = calls.findIndex((c) => c.includes(' apply '));
    expect(calls.findLastIndex((c) => c.includes(' auth can-i '))).toBeLessThan(firstApply);
    const outcome = JSON.parse(up.stdout) as { tasks: Array<{ id: string; status: string; result?: unknown }> };
    expect(outcome.tasks.find((t) => t.id === 'create:prod')).toMatchObject({ status: 'succeeded', result: 'existing' });
    expect(await get(tools, file, 'deployments', 'istio-system')).toEqual(['istiod']);
    expect(await get(tools, file, 'deployments', 'apps')).toEqual(['app']);
    // Charts were rendered for the API server's version (the fake's k3s v1.35.2), not helm's default.
    const seen = await tools.run('kubectl', [
      '--kubeconfig',
      file,
      '--context',
      'team-prod',
      '-n',
      'apps',
      'get',
      'configmap',
      'seen-version',
      '-o',
      'json',
    ]);
    const stored = JSON.parse(seen.stdout) as { data: { kube: string }; metadata: { labels: Record<string, string> } };
    expect(stored.data.kube).toBe('v1.35.2');
    // Everything mesh applies says so.
    expect(stored.metadata.labels['app.kubernetes.io/managed-by']).toBe('k3d-mesh');

    const before = tools.calls().length;
    const down = await mesh(tools, cwd, ['down']);
    expect(down.code, said(down)).toBe(0);
    expect(down.stderr + down.stdout).toContain('prod is an existing cluster and stays');
    // Target by target in reverse apply order: the charts, then istiod, then Istio's base, then the namespace.
    const deleted = commandLines(tools, before)
      .filter((c) => / delete /.test(c) && !c.includes('k3d-mesh.inventory.'))
      .map((c) => c.split(' delete ')[1]!);
    const at = (what: string) => deleted.findIndex((d) => d.startsWith(what));
    expect(at('deployment.apps app')).toBeGreaterThan(-1);
    expect(at('deployment.apps app')).toBeLessThan(at('deployment.apps istiod'));
    expect(at('deployment.apps istiod')).toBeLessThan(at('serviceaccount istio-reader-service-account'));
    expect(at('serviceaccount istio-reader-service-account')).toBeLessThan(at('namespace istio-system'));
    expect(fakeClusters(tools)).toEqual([{ name: 'shared', agents: 0, running: true }]);
    expect(await get(tools, file, 'deployments', 'istio-system')).toEqual([]);
    expect(await get(tools, file, 'deployments', 'apps')).toEqual([]);
    expect(await get(tools, file, 'configmaps', 'apps')).toContain('team-settings');
    // CRDs take every object of their kind with them: kept unless asked.
    expect((await get(tools, file, 'customresourcedefinitions')).length).toBeGreaterThan(0);
    const again = await mesh(tools, cwd, ['down', '--delete-crds']);
    expect(again.code, said(again)).toBe(0);
    expect((await get(tools, file, 'customresourcedefinitions')).filter((n) => n.endsWith('istio.io'))).toEqual([]);
  });

  test('permissions the user lacks are listed at once, before anything is applied', async () => {
    const tools = fakes();
    const cwd = project();
    await teamCluster(tools, cwd);
    tools.denyAccess({
      'team-dev': ['create customresourcedefinitions.apiextensions.k8s.io', 'patch deployments.apps in istio-system'],
    });
    const from = tools.calls().length;
    const up = await mesh(tools, cwd, ['up']);
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('prod (context team-prod in ');
    expect(up.stderr).toMatch(
      /does not allow what deploy needs:\n\s+create customresourcedefinitions\.apiextensions\.k8s\.io \(cluster-wide\)\n\s+patch deployments\.apps in istio-system\n/,
    );
    expect(up.stderr).toContain('hint: ask the cluster admin for these');
    expect(commandLines(tools, from).filter((c) => c.includes(' apply '))).toEqual([]);
  });

  test('a context the kubeconfig does not have stops the run with kubectl’s words; nothing applied; doctor names it with a fix', async () => {
    const tools = fakes();
    const cwd = project('team-staging');
    await teamCluster(tools, cwd);
    const from = tools.calls().length;
    const up = await mesh(tools, cwd, ['up']);
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('team-staging');
    expect(commandLines(tools, from).filter((c) => c.includes(' apply '))).toEqual([]);
    const doctor = await mesh(tools, cwd, ['doctor', '--json']);
    expect(doctor.code).toBe(1);
    const checks = (JSON.parse(doctor.stdout) as { checks: Array<{ name: string; ok: boolean; fix?: string }> }).checks;
    const check = checks.find((c) => c.name === 'prod: API server answers (context team-staging)');
    expect(check).toMatchObject({ ok: false });
    expect(check!.fix).toContain('check the context mkExistingCluster names');
    // Neither docker nor k3d is needed for a config of existing clusters alone.
    expect(checks.map((c) => c.name)).not.toContain('docker daemon reachable');
    expect(checks.map((c) => c.name)).not.toContain('k3d installed');
  });
});
