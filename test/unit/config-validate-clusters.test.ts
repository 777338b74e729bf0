import { describe, expect, it } from 'vitest';
import { cleanUpProjects, configError, load, project, tsConfig } from '../helpers/config-project.js';

cleanUpProjects();

async function problems(files: Record<string, string>): Promise<string[]> {
  const error = await configError(load(project(files)));
  return error.message
    .split('\n')
    .slice(1)
    .map((line) => line.trim());
}

describe('k3d cluster fields', () => {
  it("checks mkClusterConfig results against k3d's schema, all at once", async () => {
    const body = `{
  clusters: {
    dev: mkClusterConfig({ servers: 0, ports: [{ port: 80 as never }], options: { k3s: { extraArg: [] } as never } }),
  },
}`;
    expect(await problems({ 'mesh.config.ts': tsConfig(['mkClusterConfig'], body) })).toEqual([
      'clusters.dev.servers: expected a number >= 1, found number 0',
      'clusters.dev.ports[0].port: expected a string, found number 80',
      'clusters.dev.options.k3s.extraArg: unknown field; did you mean "extraArgs"?',
    ]);
  });

  it('refuses the wrong apiVersion or kind in a JSON config', async () => {
    const json = { clusters: { dev: { apiVersion: 'k3d.io/v1alpha4', servers: '2' }, test: { kind: 'Cluster' } } };
    expect(await problems({ 'mesh.config.json': JSON.stringify(json, null, 2) })).toEqual([
      'clusters.dev.apiVersion: expected "k3d.io/v1alpha5", found string "k3d.io/v1alpha4"',
      'clusters.dev.servers: expected a number, found string "2"',
      'clusters.test.kind: expected "Simple", found string "Cluster"',
    ]);
  });

  it('suggests the k3d field a YAML config misspelt', async () => {
    const yaml = 'clusters:\n  dev:\n    agent: 2\n    kubeAPI:\n      hostport: "6550"\n';
    expect(await problems({ 'mesh.config.yaml': yaml })).toEqual([
      'clusters.dev.kubeAPI.hostport: unknown field; did you mean "hostPort"?',
      'clusters.dev.agent: unknown field; did you mean "agents"?',
    ]);
  });

  it('refuses a name in the cluster that differs from its key', async () => {
    expect(
      await problems({ 'mesh.config.ts': tsConfig(['mkClusterConfig'], "{ clusters: { dev: mkClusterConfig({ name: 'prod' }) } }") }),
    ).toEqual([
      'clusters.dev.metadata.name: "prod" differs from the cluster\'s key "dev"; the key names the cluster, so drop the name or make them equal',
    ]);
  });

  it('refuses a cluster entry that is not an object', async () => {
    expect(await problems({ 'mesh.config.yaml': 'clusters:\n  dev: 3\n  test: [a]\n  prod:\n' })).toEqual([
      'clusters.dev: expected mkClusterConfig({...}), mkExistingCluster({...}) or an object of k3d fields, found number 3',
      'clusters.test: expected mkClusterConfig({...}), mkExistingCluster({...}) or an object of k3d fields, found a list',
      'clusters.prod: expected mkClusterConfig({...}), mkExistingCluster({...}) or an object of k3d fields, found null',
    ]);
  });

  it("accepts a JSON cluster written as mkClusterConfig's arguments, with mesh's defaults", async () => {
    const dir = project({ 'mesh.config.json': '{ "clusters": { "dev": { "agents": 2 } } }' });
    const [cluster] = (await load(dir)).model.clusters;
    expect(cluster?.kind === 'k3d' && cluster.config).toMatchObject({
      apiVersion: 'k3d.io/v1alpha5',
      kind: 'Simple',
      metadata: { name: 'dev' },
      servers: 1,
      agents: 2,
    });
    expect(cluster?.hostPorts).toEqual([80, 443]);
  });
});
