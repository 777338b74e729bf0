import { readFileSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import {
  cleanUpLifecycle,
  cluster,
  commandLines,
  fakeClusters,
  fakeNetworks,
  fakes,
  FULL_PACKAGES,
  lifecycleProject,
  mesh,
  said,
} from '../helpers/lifecycle.js';

cleanUpLifecycle();

const PORT = 18430;

/** The commands a task printed under --dry-run (`<title> $ <command>`), without the fakes' folder. */
function printed(stderr: string, title: string): string[] {
  const marker = `${title} $ `;
  return stderr
    .split('\n')
    .filter((l) => l.includes(marker))
    .map((l) => l.slice(l.indexOf(marker) + marker.length).replace(/^\S*\/(k3d|kubectl|docker) /, '$1 '));
}

describe('mesh up --dry-run with fake k3d, kubectl and docker (real helm)', () => {
  test('changes nothing, runs only reads, and prints per task the commands that would run, in order', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(`{ clusters: { dev: ${cluster(PORT, "network: 'dry-net'")} }, packages: ${FULL_PACKAGES} }`);
    const kubeconfigBefore = readFileSync(tools.kubeconfig, 'utf8');

    const run = await mesh(tools, cwd, ['up', '--dry-run']);
    expect(run.code, said(run)).toBe(0);
    expect(run.stdout).toMatch(/^mesh up --dry-run: \d+ succeeded, 0 failed, 0 skipped in /m);

    // Nothing changed: no cluster, no network, the kubeconfig byte for byte.
    expect(fakeClusters(tools)).toEqual([]);
    expect(fakeNetworks(tools)).toEqual([]);
    expect(readFileSync(tools.kubeconfig, 'utf8')).toBe(kubeconfigBefore);
    // Only reads reached the tools, and no kubectl at all (the cluster does not exist yet).
    const ran = commandLines(tools);
    expect(ran.length).toBeGreaterThan(0);
    for (const c of ran) expect(c).toMatch(/^(k3d cluster list -o json|k3d version|docker network inspect dry-net)$/);
    expect(ran).toContain('docker network inspect dry-net');
    expect(ran).toContain('k3d cluster list -o json');

    // What would run, task by task.
    const create = printed(run.stderr, 'create cluster dev');
    expect(create).toEqual([
      'docker network inspect dry-net',
      'docker network create --label dev.k3d-mesh.network=true dry-net',
      'k3d cluster list -o json',
      'k3d version',
      'k3d cluster create --config - <<stdin',
    ]);
    expect(run.stderr).toContain('dev would be created (context k3d-dev)');
    const deploy = printed(run.stderr, 'deploy to dev');
    // The namespaces and 7 targets applied (base's CRDs apart from the rest, istiod's webhooks after its endpoints,
    // mesh-dns's CoreDNS rewrite), the CRD wait, 3 rollouts (the endpoint wait polls; a dry run skips it).
    expect(deploy).toHaveLength(14);
    for (const c of deploy) expect(c).toMatch(/^kubectl --context k3d-dev /);
    expect(deploy[0]).toBe('kubectl --context k3d-dev apply --server-side --field-manager=k3d-mesh --force-conflicts -f - <<stdin');
    expect(deploy.findIndex((c) => c.includes(' wait --for=condition=Established'))).toBeGreaterThan(
      deploy.findIndex((c) => c.includes('apply') && c.includes('-n istio-system')),
    );
    expect(deploy).toContain('kubectl --context k3d-dev -n istio-system rollout status deployment/istiod --timeout=300s');
    expect(deploy).toContain('kubectl --context k3d-dev -n istio-ingress rollout status deployment/istio-ingressgateway --timeout=300s');
    expect(deploy).toContain('kubectl --context k3d-dev -n default rollout status deployment/app --timeout=300s');

    // In the output as a whole, k3d cluster create comes before the first apply.
    const createAt = run.stderr.indexOf('k3d cluster create --config -');
    const applyAt = run.stderr.indexOf(' apply --server-side');
    expect(createAt).toBeGreaterThan(-1);
    expect(applyAt).toBeGreaterThan(createAt);
  });

  test('mesh down --dry-run of an existing cluster prints the delete and leaves the cluster running', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(`{ clusters: { dev: ${cluster(PORT)} }, packages: {} }`);
    expect((await mesh(tools, cwd, ['create'])).code).toBe(0);
    const before = tools.calls().length;
    const run = await mesh(tools, cwd, ['down', '--dry-run']);
    expect(run.code, said(run)).toBe(0);
    expect(printed(run.stderr, 'delete cluster dev')).toEqual(['k3d cluster list -o json', 'k3d cluster delete dev']);
    expect(run.stderr).toContain('dev and its kubeconfig context k3d-dev would be deleted');
    expect(commandLines(tools, before)).toEqual(['k3d cluster list -o json']);
    expect(fakeClusters(tools)).toEqual([{ name: 'dev', agents: 0, running: true }]);
  });
});
