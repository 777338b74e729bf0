import { cpSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { expectJsonShape } from '../helpers/json-schema.js';
import { projectRoot } from '../helpers/paths.js';
import { makeProject } from '../helpers/project.js';

const env = () => ({ MESH_ISTIO_REPO: inject('istioRepoUrl'), MESH_ISTIO_VERSION: '1.30.3', PERCONA_CHARTS: inject('chartsRepoUrl') });

/** This repository's config: Istio and an nginx chart in cluster-a, Percona's operator and database in cluster-b. */
function repoExample(): string {
  const dir = makeProject({ 'mesh.config.ts': readFileSync(join(projectRoot, 'mesh.config.ts'), 'utf8') });
  cpSync(join(projectRoot, 'charts'), join(dir, 'charts'), { recursive: true });
  return dir;
}

interface Listing {
  clusters: Array<{
    name: string;
    images: string[];
    targets: Array<{ name: string; images: Array<{ image: string; object: string; where: string; source: string }> }>;
  }>;
  images: string[];
}

describe('mesh images (real helm; Istio’s and Percona’s real charts)', () => {
  test('lists what each cluster will run: containers, the proxy istiod injects, and the images a custom resource hands its operator', async () => {
    const cwd = repoExample();
    const run = await runMesh(['images', '--json'], { cwd, env: env() });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const listing = expectJsonShape('images', run.stdout) as Listing;
    const [a, b] = listing.clusters;
    // The injector's own values name the proxy image: `global.hub`/`global.proxy.image`:`global.tag` of istiod's chart.
    const proxy = 'registry.istio.io/testing/proxyv2:latest';
    expect(a!.images).toEqual(['docker.io/istio/pilot:1.30.3', 'docker.io/library/nginx:1.27-alpine', proxy]);
    // The gateway's `image: auto` is what injection puts there.
    expect(a!.targets.find((t) => t.name === 'istio-gateway')!.images).toEqual([
      { image: proxy, object: 'Deployment/istio-ingressgateway', where: 'istio-proxy', source: 'sidecar' },
    ]);
    expect(b!.images).toEqual([
      'percona/fluentbit:5.0.6-1',
      'percona/haproxy:2.8.18-1',
      'percona/percona-xtrabackup:8.4.0-5.1',
      'percona/percona-xtradb-cluster-operator:1.20.0',
      'percona/percona-xtradb-cluster:8.4.8-8.1',
    ]);
    expect(b!.targets.find((t) => t.name === 'pxc-db')!.images).toContainEqual({
      image: 'percona/haproxy:2.8.18-1',
      object: 'PerconaXtraDBCluster/pxc-db',
      where: 'spec.haproxy.image',
      source: 'custom-resource',
    });
    expect(listing.images).toEqual([...new Set([...a!.images, ...b!.images])].sort());
    // Rendered in memory: result/ is not written.
    expect(existsSync(join(cwd, 'result'))).toBe(false);
  });

  test('--cluster picks clusters; text output names target, image and object; a misspelt cluster gets a did-you-mean', async () => {
    const cwd = repoExample();
    const run = await runMesh(['images', '--cluster', 'cluster-b'], { cwd, env: env() });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toMatch(
      /^cluster-b\n {2}pxc-operator {2}percona\/percona-xtradb-cluster-operator:1\.20\.0 {2}Deployment\/pxc-operator\n/,
    );
    expect(run.stdout).not.toContain('cluster-a');
    expect(run.stdout).toMatch(/\n5 images\n$/);
    const typo = await runMesh(['images', '--cluster', 'cluster-c'], { cwd, env: env() });
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('--cluster cluster-c: no such cluster in the config; did you mean "cluster-a"?');
  });
});
