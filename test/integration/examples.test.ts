import { cpSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { describe, expect, inject, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { projectRoot } from '../helpers/paths.js';
import { makeProject } from '../helpers/project.js';

const examples = readdirSync(join(projectRoot, 'examples')).filter((name) =>
  existsSync(join(projectRoot, 'examples', name, 'mesh.config.ts')),
);

/** A copy of an example, as a user who copied it into their project would have it. */
function copy(example: string): string {
  const dir = makeProject({});
  cpSync(join(projectRoot, 'examples', example), dir, { recursive: true });
  return dir;
}

function kinds(file: string): string[] {
  return parseAllDocuments(readFileSync(file, 'utf8'))
    .map((doc) => (doc.toJS() as { kind?: string } | null)?.kind)
    .filter((kind): kind is string => !!kind);
}

describe('every example in examples/ renders with the real helm and the real Istio charts', () => {
  test('there are at least three examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(3);
  });

  test.each(examples)('examples/%s renders and validates', async (example) => {
    const cwd = copy(example);
    const run = await runMesh(['render'], {
      cwd,
      env: { MESH_ISTIO_REPO: inject('istioRepoUrl'), MESH_ISTIO_VERSION: '1.30.3', PERCONA_CHARTS: inject('chartsRepoUrl') },
    });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const all = kinds(join(cwd, 'result', 'manifest.yaml'));
    expect(all).toContain('CustomResourceDefinition');
    expect(all).toContain('Deployment');
  });

  test('two-clusters-pxc: the ServiceEntry reaches cluster-a only, PXC runs in cluster-b, both share a network and cluster-b gets other host ports', async () => {
    const cwd = copy('two-clusters-pxc');
    const run = await runMesh(['render'], {
      cwd,
      env: { MESH_ISTIO_REPO: inject('istioRepoUrl'), MESH_ISTIO_VERSION: '1.30.3', PERCONA_CHARTS: inject('chartsRepoUrl') },
    });
    expect(run.code).toBe(0);
    expect(kinds(join(cwd, 'result', 'cluster-a', 'manifest.yaml'))).toContain('ServiceEntry');
    expect(kinds(join(cwd, 'result', 'cluster-b', 'manifest.yaml'))).not.toContain('ServiceEntry');
    expect(kinds(join(cwd, 'result', 'cluster-b', 'manifest.yaml'))).toContain('PerconaXtraDBCluster');
    for (const c of ['cluster-a', 'cluster-b'])
      expect(readFileSync(join(cwd, 'result', c, 'k3d-config.yaml'), 'utf8')).toMatch(/^network: mesh-net$/m);
    expect(readFileSync(join(cwd, 'result', 'cluster-a', 'k3d-config.yaml'), 'utf8')).toContain('port: 80:80');
    expect(readFileSync(join(cwd, 'result', 'cluster-b', 'k3d-config.yaml'), 'utf8')).toContain('port: 8080:80');
    const entry = readFileSync(join(cwd, 'result', 'pxc-source', 'manifest.yaml'), 'utf8');
    expect(entry).toContain('- pxc-source.cluster-b.global');
    expect(entry).toContain('k3d-mesh.dev/endpoints-from: cluster-b/pxc/pxc-db-haproxy:3306');
  });
});
