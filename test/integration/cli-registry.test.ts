import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, test } from 'vitest';
import { cleanUpLifecycle, cluster, commandLines, fakes, lifecycleProject, mesh, said } from '../helpers/lifecycle.js';

cleanUpLifecycle();

const CONFIG = (registry = '{}') => `{
  clusters: { east: ${cluster(18495)}, west: ${cluster(18496)} },
  packages: { app: mkHelmChart({ name: 'app', chart: './charts/app', namespace: 'default' }) },
  registry: ${registry},
}`;

describe('a registry every k3d cluster pulls through (fake k3d, kubectl and docker; real helm)', () => {
  test('up makes it once, before any cluster; each cluster uses it with a docker.io mirror; a second up and down leave it', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(CONFIG());
    const up = await mesh(tools, cwd, ['up', '--no-checks']);
    expect(up.code, said(up)).toBe(0);
    const calls = commandLines(tools);
    const made = calls.filter((c) => c.startsWith('k3d registry create'));
    expect(made).toEqual(['k3d registry create mesh-cache --port 5001 --proxy-remote-url https://registry-1.docker.io --no-help']);
    const creates = tools.calls().filter((c) => c.tool === 'k3d' && c.argv[0] === 'cluster' && c.argv[1] === 'create');
    expect(creates).toHaveLength(2);
    expect(calls.indexOf(made[0]!)).toBeLessThan(calls.findIndex((c) => c.startsWith('k3d cluster create')));
    for (const call of creates) {
      const config = parse(call.stdin!) as { registries: { use: string[]; config: string } };
      expect(config.registries.use).toEqual(['k3d-mesh-cache:5000']);
      expect(parse(config.registries.config)).toEqual({ mirrors: { 'docker.io': { endpoint: ['http://k3d-mesh-cache:5000'] } } });
    }

    const from = tools.calls().length;
    const again = await mesh(tools, cwd, ['up', '--no-checks']);
    expect(again.code, said(again)).toBe(0);
    expect(commandLines(tools, from).filter((c) => c.startsWith('k3d registry create'))).toEqual([]);
    expect(again.stderr + again.stdout).toContain('registry k3d-mesh-cache is already there (localhost:5001)');

    const down = await mesh(tools, cwd, ['down']);
    expect(down.code, said(down)).toBe(0);
    const left = await tools.run('k3d', ['registry', 'list', '-o', 'json']);
    expect((JSON.parse(left.stdout) as Array<{ name: string }>).map((r) => r.name)).toEqual(['k3d-mesh-cache']);
  });

  test('another cache (quay.io) on another port mirrors that registry; a cluster that sets registries.config itself is refused', async () => {
    const tools = fakes();
    const quay = lifecycleProject(CONFIG("{ name: 'quay-cache', hostPort: 5002, proxy: 'https://quay.io' }"));
    const render = await mesh(tools, quay, ['render', 'east']);
    expect(render.code, said(render)).toBe(0);
    const config = parse(readFileSync(join(quay, 'result', 'east', 'k3d-config.yaml'), 'utf8')) as {
      registries: { use: string[]; config: string };
    };
    expect(config.registries.use).toEqual(['k3d-quay-cache:5000']);
    expect(config.registries.config).toContain('"quay.io":');

    const clash = lifecycleProject(CONFIG().replace(cluster(18495), `mkClusterConfig({ registries: { config: 'mirrors: {}' } })`));
    const refused = await mesh(tools, clash, ['list']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("clusters.east.registries.config is set, and so is the config's registry");
  });

  test('a registry k3d cannot make stops the run before any cluster is made', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(CONFIG());
    tools.setFaults({
      k3d: {
        registry: {
          exit: 1,
          match: 'create',
          stderr: "FATA[0000] Failed to create registry: failed to create registry node 'k3d-mesh-cache': port is already allocated\n",
        },
      },
    });
    const up = await mesh(tools, cwd, ['up', '--no-checks']);
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('port is already allocated');
    expect(commandLines(tools).filter((c) => c.startsWith('k3d cluster create'))).toEqual([]);
  });

  test("doctor and up's checks refuse a registry host port in use, unless the registry already runs there", async () => {
    const tools = fakes();
    const cwd = lifecycleProject(CONFIG('{ hostPort: 18498 }'));
    const holder = createServer();
    await new Promise<void>((resolve) => holder.listen({ port: 18498, host: '0.0.0.0' }, resolve));
    try {
      const doctor = await mesh(tools, cwd, ['doctor']);
      expect(doctor.code).toBe(1);
      expect(doctor.stdout).toContain('✖ host port 18498 free (registry mesh-cache): port 18498 is in use');
      expect(doctor.stdout).toContain(
        'fix: stop what listens on 18498 (`sudo lsof -i :18498`), or set another `registry.hostPort` in the config',
      );
      const up = await mesh(tools, cwd, ['up']);
      expect(up.code).toBe(1);
      expect(up.stderr).toContain('host port 18498 free (registry mesh-cache)');
      expect(commandLines(tools).filter((c) => c.startsWith('k3d registry create') || c.startsWith('k3d cluster create'))).toEqual([]);

      // Made (by an earlier up), the registry holds the port itself.
      const made = await mesh(tools, cwd, ['up', '--no-checks']);
      expect(made.code, said(made)).toBe(0);
      const again = await mesh(tools, cwd, ['doctor']);
      expect(again.code, said(again)).toBe(0);
      expect(again.stdout).not.toContain('(registry mesh-cache)');
    } finally {
      await new Promise((resolve) => holder.close(resolve));
    }
  });
});
