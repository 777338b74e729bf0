import { describe, expect, inject, test } from 'vitest';
import { cleanUpLifecycle, cluster, fakes, lifecycleProject, mesh, said } from '../helpers/lifecycle.js';

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
      .filter((c) => c.tool === 'kubectl' && c.argv.includes('apply'))
      .map((c) => [...(c.stdin ?? '').matchAll(/^kind: (\S+)/gm)].map((m) => m[1]));
    const crdApply = applies.findIndex((kinds) => kinds.includes('CustomResourceDefinition'));
    const issuerApply = applies.findIndex((kinds) => kinds.includes('ClusterIssuer'));
    expect(applies[crdApply]!.every((k) => k === 'CustomResourceDefinition')).toBe(true);
    expect(issuerApply).toBeGreaterThan(crdApply);
    const webhookApply = applies.findIndex((kinds) => kinds.includes('ValidatingWebhookConfiguration'));
    expect(webhookApply).toBe(applies.length - 1);

    const issuer = await tools.run('kubectl', ['--context', 'k3d-dev', 'get', 'clusterissuer', 'selfsigned', '-o', 'name']);
    expect(issuer.stdout).toBe('clusterissuer.cert-manager.io/selfsigned\n');
  });
});
