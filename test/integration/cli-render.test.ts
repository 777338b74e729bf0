import { existsSync, readFileSync, readdirSync, cpSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, inject, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { projectRoot } from '../helpers/paths.js';
import { makeProject } from '../helpers/project.js';

// Istio's charts and Percona's, each from its repository served on 127.0.0.1.
const istioEnv = () => ({ MESH_ISTIO_REPO: inject('istioRepoUrl'), MESH_ISTIO_VERSION: '1.30.3', PERCONA_CHARTS: inject('chartsRepoUrl') });

/** A copy of this repository's own mesh.config.ts and chart, as a newcomer would render it. */
function repoExample(): string {
  const dir = makeProject({ 'mesh.config.ts': readFileSync(join(projectRoot, 'mesh.config.ts'), 'utf8') });
  cpSync(join(projectRoot, 'charts'), join(dir, 'charts'), { recursive: true });
  return dir;
}

function kinds(file: string): string[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => doc.toJS() as { kind?: string } | null)
    .filter((o): o is { kind: string } => !!o?.kind)
    .map((o) => o.kind);
}

describe('mesh render of the repository config (real helm, charts served on 127.0.0.1)', () => {
  test('renders every target into result/ in apply order, with the cluster config and scripts', async () => {
    const cwd = repoExample();
    const run = await runMesh(['render'], { cwd, env: istioEnv() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(
      /^wrote result\/ \(18 files\): istio-system, istio-base, istio-istiod, istio-gateway, my-chart, pxc-operator, pxc-db, mesh-dns, pxc-remote, cluster-a, cluster-b\n/,
    );
    const result = join(cwd, 'result');
    expect(readdirSync(result).sort()).toEqual([
      '.mesh-result.json',
      'cluster-a',
      'cluster-b',
      'istio-base',
      'istio-gateway',
      'istio-istiod',
      'istio-system',
      'manifest.yaml',
      'mesh-dns',
      'my-chart',
      'pxc-db',
      'pxc-operator',
      'pxc-remote',
    ]);
    const all = kinds(join(result, 'manifest.yaml'));
    expect(all[0]).toBe('Namespace');
    expect(all.indexOf('CustomResourceDefinition')).toBeLessThan(all.indexOf('Deployment'));
    // The PXC entry comes last, with the DestinationRule that keeps its TCP plain to the other cluster
    // and the Service CoreDNS sends pods without a sidecar to.
    expect(all.slice(-3)).toEqual(['ServiceEntry', 'DestinationRule', 'Service']);
    // Istio's 15 CRDs and Percona's 3.
    expect(all.filter((k) => k === 'CustomResourceDefinition')).toHaveLength(18);
    const clusterA = kinds(join(result, 'cluster-a', 'manifest.yaml'));
    expect(clusterA).toContain('ServiceEntry');
    expect(clusterA).not.toContain('PerconaXtraDBCluster');
    expect(kinds(join(result, 'cluster-b', 'manifest.yaml'))).toContain('PerconaXtraDBCluster');
    expect(statSync(join(result, 'cluster-a', 'bin', 'k3d-create')).mode & 0o111).toBeTruthy();
    const lock = JSON.parse(readFileSync(join(cwd, 'mesh.lock.json'), 'utf8')) as {
      charts: Record<string, { version: string; digest: string }>;
    };
    expect(lock.charts[`${inject('istioRepoUrl')}/istiod@1.30.3`]).toEqual({
      version: '1.30.3',
      digest: '7e3329762b393c66a5166c79a6d340fc8acc8c49644647f69c987a192b3c98f2',
      url: `${inject('istioRepoUrl')}/istiod-1.30.3.tgz`,
    });
  });

  test('`mesh render istio-base` writes that target alone to result/manifest.yaml', async () => {
    const cwd = repoExample();
    const run = await runMesh(['render', 'istio-base'], { cwd, env: istioEnv() });
    expect(run.code).toBe(0);
    expect(readdirSync(join(cwd, 'result')).sort()).toEqual(['.mesh-result.json', 'istio-base', 'manifest.yaml']);
    const manifest = readFileSync(join(cwd, 'result', 'manifest.yaml'), 'utf8');
    expect(manifest).toBe(
      `# mesh target: istio-base\n${readFileSync(join(cwd, 'result', 'istio-base', 'manifest.yaml'), 'utf8').replace(/^# mesh target: istio-base\n/, '')}`,
    );
    expect(new Set(kinds(join(cwd, 'result', 'manifest.yaml')))).toEqual(
      new Set(['CustomResourceDefinition', 'ServiceAccount', 'ValidatingWebhookConfiguration']),
    );
  });

  test('the same inputs give byte-identical files, from a cold cache and from a warm one', async () => {
    const first = repoExample();
    const second = repoExample();
    const cache = join(first, '.cache');
    expect((await runMesh(['render'], { cwd: first, env: { ...istioEnv(), MESH_CACHE_DIR: cache } })).code).toBe(0);
    expect((await runMesh(['render', '--out', 'again'], { cwd: first, env: { ...istioEnv(), MESH_CACHE_DIR: cache } })).code).toBe(0);
    expect((await runMesh(['render'], { cwd: second, env: istioEnv() })).code).toBe(0);
    for (const file of [
      'manifest.yaml',
      'cluster-a/k3d-config.yaml',
      'cluster-b/bin/k3d-create',
      'istio-istiod/manifest.yaml',
      'pxc-db/manifest.yaml',
    ]) {
      const bytes = readFileSync(join(first, 'result', file));
      expect(readFileSync(join(first, 'again', file)).equals(bytes), file).toBe(true);
      expect(readFileSync(join(second, 'result', file)).equals(bytes), file).toBe(true);
    }
    expect(existsSync(join(second, 'mesh.lock.json'))).toBe(true);
  });
});
