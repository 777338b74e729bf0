import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { cleanUpLifecycle, cluster, fakes, isInventoryCall, lifecycleProject, mesh, said } from '../helpers/lifecycle.js';

cleanUpLifecycle();

const PORT = 18530;

// cert-manager as its users install it: CRDs as templates (crds.enabled) and a
// ClusterIssuer of theirs in extraObjects, so the CRDs and a custom resource
// of one of them arrive in one target. The fake API server, like a real one,
// refuses the ClusterIssuer until its CRD is there.
const certManager = (repo: string) => `mkHelmChart({
      name: 'cert-manager',
      chart: 'cert-manager',
      repo: '${repo}',
      version: 'v0.0.0',
      namespace: 'cert-manager',
      values: {
        crds: { enabled: true },
        extraObjects: ['apiVersion: cert-manager.io/v1\\nkind: ClusterIssuer\\nmetadata:\\n  name: selfsigned\\nspec:\\n  selfSigned: {}\\n'],
      },
    })`;

describe('mesh up with a real chart whose CRDs and custom resources come together (fake k3d, kubectl, docker; real helm)', () => {
  test('cert-manager: its CRDs are applied and Established before the ClusterIssuer, its webhook after its service answers', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(
      `{ clusters: { dev: ${cluster(PORT)} }, packages: { 'cert-manager': ${certManager(inject('chartsRepoUrl'))} } }`,
    );
    const run = await mesh(tools, cwd, ['deploy']);
    expect(run.code, said(run)).toBe(0);

    const applies = tools
      .calls()
      .filter((c) => c.tool === 'kubectl' && c.argv.includes('apply') && !isInventoryCall(c))
      .map((c) => [...(c.stdin ?? '').matchAll(/^kind: (\S+)/gm)].map((m) => m[1]));
    const crdApply = applies.findIndex((kinds) => kinds.includes('CustomResourceDefinition'));
    const issuerApply = applies.findIndex((kinds) => kinds.includes('ClusterIssuer'));
    expect(applies[crdApply]!.every((k) => k === 'CustomResourceDefinition')).toBe(true);
    expect(issuerApply).toBeGreaterThan(crdApply);
    const webhookApply = applies.findIndex((kinds) => kinds.includes('ValidatingWebhookConfiguration'));
    // Only the post-install hooks (startupapicheck's account, role, binding and Job) follow the webhook configurations.
    const after = applies.slice(webhookApply + 1).flat();
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((k) => ['ServiceAccount', 'Role', 'RoleBinding', 'Job'].includes(k!))).toBe(true);

    const issuer = await tools.run('kubectl', ['--context', 'k3d-dev', 'get', 'clusterissuer', 'selfsigned', '-o', 'name']);
    expect(issuer.stdout).toBe('clusterissuer.cert-manager.io/selfsigned\n');
  });

  test("cert-manager's post-install hook Job runs last, recreated first and removed once it succeeded; a failed one is explained", async () => {
    const tools = fakes();
    const cwd = lifecycleProject(
      `{ clusters: { dev: ${cluster(PORT + 1)} }, packages: { 'cert-manager': ${certManager(inject('chartsRepoUrl'))} } }`,
    );
    const run = await mesh(tools, cwd, ['deploy']);
    expect(run.code, said(run)).toBe(0);
    const kubectl = tools
      .calls()
      .filter((c) => c.tool === 'kubectl' && c.argv[0] === '--context' && !isInventoryCall(c))
      .map((c) => c.argv.slice(2).join(' '));
    const job = 'cert-manager-startupapicheck';
    const tail = kubectl.slice(kubectl.findIndex((c) => c.includes(`delete serviceaccount ${job}`)));
    expect(tail.map((c) => c.replace(/ --ignore-not-found --wait=true| --server-side.*| -o json/g, ''))).toEqual([
      `-n cert-manager delete serviceaccount ${job}`,
      `-n cert-manager delete role ${job}:create-cert`,
      `-n cert-manager delete rolebinding ${job}:create-cert`,
      'apply',
      `-n cert-manager delete serviceaccount ${job}`,
      `-n cert-manager delete role ${job}:create-cert`,
      `-n cert-manager delete rolebinding ${job}:create-cert`,
      `-n cert-manager delete job ${job}`,
      'apply',
      `get job ${job} -n cert-manager`,
      `-n cert-manager delete job ${job}`,
    ]);

    tools.setFaults({ kubectl: { jobs: [`cert-manager/job/${job}`].reduce((m, k) => ({ ...m, [k]: 'fail' as const }), {}) } });
    const failed = await mesh(tools, cwd, ['deploy']);
    expect(failed.code, said(failed)).toBe(1);
    expect(failed.stderr).toContain(`job cert-manager/${job} failed: BackoffLimitExceeded: Job has reached the specified backoff limit`);
    expect(failed.stderr).toContain(`kubectl --context k3d-dev -n cert-manager logs job/${job}`);
  });
});

describe('needs that a render finds: a custom resource whose CRD another target brings (real helm, real charts)', () => {
  test('pxc-db declared first, without needs: the render orders it after pxc-operator, and mesh list says why', async () => {
    const percona = (chart: string) =>
      `mkHelmChart({ name: '${chart}', chart: '${chart}', repo: '${inject('chartsRepoUrl')}', version: '1.20.0', namespace: 'db' })`;
    const tools = fakes();
    const cwd = lifecycleProject(`{ packages: { 'pxc-db': ${percona('pxc-db')}, 'pxc-operator': ${percona('pxc-operator')} } }`);

    const before = await mesh(tools, cwd, ['list']);
    expect(before.stdout).toMatch(/├── pxc-db +chart +chart pxc-db 1\.20\.0 +ns db\n└── pxc-operator/);
    expect(before.stdout).toContain('`mesh render` finds them');

    const render = await mesh(tools, cwd, ['render']);
    expect(render.code, said(render)).toBe(0);
    const manifest = readFileSync(join(cwd, 'result', 'manifest.yaml'), 'utf8');
    expect([...manifest.matchAll(/^# mesh target: (\S+)$/gm)].map((m) => m[1])).toEqual(['pxc-operator', 'pxc-db']);

    const after = await mesh(tools, cwd, ['list']);
    expect(after.stdout).toMatch(
      /├── pxc-operator +chart +chart pxc-operator 1\.20\.0 +ns db\n└── pxc-db +chart +chart pxc-db 1\.20\.0 +ns db +needs pxc-operator \(CRD of its PerconaXtraDBCluster, found by the last render\)\n$/,
    );
    const json = JSON.parse((await mesh(tools, cwd, ['list', '--json'])).stdout) as { targets: Array<{ name: string; crdNeeds: unknown }> };
    expect(json.targets.map((t) => [t.name, t.crdNeeds])).toEqual([
      ['pxc-operator', []],
      ['pxc-db', [{ target: 'pxc-operator', kinds: ['PerconaXtraDBCluster'] }]],
    ]);
  });
});
