import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { makeProject, tsConfig } from '../helpers/project.js';

/** What is missing for a real cluster here, or undefined when docker, k3d and kubectl all work. */
function missing(): string | undefined {
  const docker = spawnSync('docker', ['info', '--format', '{{.ServerVersion}}'], { encoding: 'utf8' });
  if (docker.error) return 'docker is not installed';
  if (docker.status !== 0 || !docker.stdout.trim()) return 'the docker daemon is not reachable';
  if (spawnSync('k3d', ['version'], { encoding: 'utf8' }).error) return 'k3d is not installed';
  if (spawnSync('kubectl', ['version', '--client'], { encoding: 'utf8' }).error) return 'kubectl is not installed';
  return undefined;
}

const why = missing();
if (why) console.warn(`test/e2e existing-cluster skipped: ${why}. Install docker and k3d 5.5.0 or newer to run it.`);
const name = `mesh-e2e-existing-${process.pid}`;
const env = {
  MESH_HELM: process.env.MESH_HELM,
  PATH: process.env.PATH,
  KUBECONFIG: process.env.KUBECONFIG,
  MESH_CACHE_DIR: mkdtempSync(join(tmpdir(), 'mesh-e2e-cache-')),
};
const kubectl = (...args: string[]) => spawnSync('kubectl', ['--context', `k3d-${name}`, ...args], { encoding: 'utf8' });

// A cluster mesh did not make, reached by its context: the real API server answers `auth can-i`, the
// server-side dry runs of `mesh diff`, and the deletes of `mesh down`.
describe.skipIf(why)(`mesh on an existing real cluster, by its kubeconfig context${why ? ` (skipped: ${why})` : ''}`, () => {
  const cwd = makeProject({
    'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
    'charts/app/templates/config.yaml':
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  level: "{{ .Values.level }}"\n',
    'mesh.config.ts': tsConfig(`{
  clusters: { team: mkExistingCluster({ context: 'k3d-${name}' }) },
  packages: { app: mkHelmChart({ name: 'app', chart: './charts/app', namespace: 'apps', values: { level: 'info' } }) },
}`),
  });
  beforeAll(() => {
    const made = spawnSync('k3d', ['cluster', 'create', name, '--no-lb', '--wait', '--kubeconfig-switch-context=false'], {
      encoding: 'utf8',
    });
    expect(made.status, made.stderr).toBe(0);
  });
  afterAll(() => {
    spawnSync('k3d', ['cluster', 'delete', name], { encoding: 'utf8' });
  });

  test('up checks access and deploys; diff says nothing changes, then shows a value change; down removes what mesh applied and keeps the cluster', async () => {
    const up = await runMesh(['up'], { cwd, env });
    expect(up.code, up.stderr).toBe(0);
    expect(kubectl('-n', 'apps', 'get', 'configmap', 'settings', '-o', 'jsonpath={.data.level}').stdout).toBe('info');

    const same = await runMesh(['diff'], { cwd, env });
    expect(same.code, same.stdout + same.stderr).toBe(0);

    const file = join(cwd, 'mesh.config.ts');
    writeFileSync(file, readFileSync(file, 'utf8').replace("level: 'info'", "level: 'debug'"));
    const changed = await runMesh(['diff'], { cwd, env });
    expect(changed.code, changed.stderr).toBe(1);
    expect(changed.stdout).toContain('~ ConfigMap apps/settings');
    expect(changed.stdout).toMatch(/^ +-  level: info$/m);
    expect(changed.stdout).toMatch(/^ +\+  level: debug$/m);

    const down = await runMesh(['down'], { cwd, env });
    expect(down.code, down.stderr).toBe(0);
    expect(kubectl('-n', 'apps', 'get', 'configmap', 'settings', '--ignore-not-found', '-o', 'name').stdout.trim()).toBe('');
    expect(spawnSync('k3d', ['cluster', 'list', name], { encoding: 'utf8' }).status).toBe(0);
  });
});
