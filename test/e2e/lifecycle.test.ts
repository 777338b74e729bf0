import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
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
if (why) console.warn(`test/e2e skipped: ${why}. Install docker and k3d 5.x (https://k3d.io/#installation) to run it.`);
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

  test('mesh down deletes it, and a second mesh down is not an error', async () => {
    expect((await runMesh(['down'], { cwd, env })).code).toBe(0);
    const list = spawnSync('k3d', ['cluster', 'list', '-o', 'json'], { encoding: 'utf8' });
    expect(JSON.parse(list.stdout).map((c: { name: string }) => c.name)).not.toContain(cluster);
    expect((await runMesh(['down'], { cwd, env })).code).toBe(0);
  });
});
