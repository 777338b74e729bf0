import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChartTarget } from '../../lib/model/targets.js';
import { cleanUpProjects, load, project, tsConfig } from '../helpers/config-project.js';

cleanUpProjects();

async function clusters(body: string) {
  const { clusters } = (await load(project({ 'mesh.config.ts': tsConfig(['mkClusterConfig'], `{ clusters: ${body} }`) }))).model;
  return clusters.flatMap((c) => (c.kind === 'k3d' ? [c] : []));
}

const lb = (host: number, container: number) => ({ port: `${host}:${container}`, nodeFilters: ['loadbalancer'] });

describe('host ports for several clusters', () => {
  it('gives the first defaulted cluster 80/443 and each next one the next free pair', async () => {
    const result = await clusters('{ a: mkClusterConfig(), b: mkClusterConfig({ agents: 2 }), c: mkClusterConfig() }');
    expect(result.map((c) => [c.name, c.hostPorts])).toEqual([
      ['a', [80, 443]],
      ['b', [8080, 8443]],
      ['c', [8081, 8444]],
    ]);
    expect(result[1]?.config.ports).toEqual([lb(8080, 80), lb(8443, 443)]);
    expect(result.map((c) => c.config.metadata?.name)).toEqual(['a', 'b', 'c']);
  });

  it('keeps ports a user wrote and never gives them to a defaulted cluster', async () => {
    const result = await clusters(`{
      a: mkClusterConfig(),
      b: mkClusterConfig(),
      mine: mkClusterConfig({ ports: [{ port: '80:80' }, { port: '127.0.0.1:8443:443/tcp', nodeFilters: ['server:0'] }] }),
      c: mkClusterConfig(),
    }`);
    expect(result.map((c) => [c.name, c.hostPorts])).toEqual([
      ['a', [8081, 8444]],
      ['b', [8082, 8445]],
      ['mine', [80, 8443]],
      ['c', [8083, 8446]],
    ]);
    expect(result[2]?.config.ports).toEqual([{ port: '80:80' }, { port: '127.0.0.1:8443:443/tcp', nodeFilters: ['server:0'] }]);
  });

  it('counts no host port for a bare container port, which k3d maps to a random one', async () => {
    const result = await clusters("{ mine: mkClusterConfig({ ports: [{ port: '443' }] }), a: mkClusterConfig() }");
    expect(result.map((c) => c.hostPorts)).toEqual([[], [80, 443]]);
  });
});

describe('chart paths', () => {
  it('resolves local chart paths against the config folder, not the working directory', async () => {
    const body = `{ packages: {
      rel: mkHelmChart({ name: 'rel', chart: './charts/web' }),
      bare: mkHelmChart({ name: 'bare', chart: 'charts/api.tgz' }),
      abs: mkHelmChart({ name: 'abs', chart: '/opt/charts/db' }),
      repo: mkHelmChart({ name: 'repo', chart: 'redis', repo: 'https://charts.example.com' }),
      oci: mkHelmChart({ name: 'oci', chart: 'oci://ghcr.io/org/app' }),
      istiod: mkIstiod(),
    } }`;
    const dir = project({ 'mesh.config.ts': tsConfig(['mkHelmChart', 'mkIstiod'], body), 'deep/cwd/.keep': '' });
    const { model } = await load(join(dir, 'deep', 'cwd'));
    const chart = (name: string) => (model.targets.find((t) => t.name === name) as ChartTarget).chart.chart;
    expect(model.dir).toBe(dir);
    expect(['rel', 'bare', 'abs', 'repo', 'oci', 'istiod'].map(chart)).toEqual([
      join(dir, 'charts', 'web'),
      join(dir, 'charts', 'api.tgz'),
      '/opt/charts/db',
      'redis',
      'oci://ghcr.io/org/app',
      'istiod',
    ]);
  });
});
