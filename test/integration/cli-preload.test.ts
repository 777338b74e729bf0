import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cleanUpLifecycle, cluster, commandLines, fakes, lifecycleProject, mesh, said } from '../helpers/lifecycle.js';

cleanUpLifecycle();

const CONFIG = `{
  clusters: { east: ${cluster(18490)}, west: ${cluster(18491)} },
  packages: {
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    'istio-istiod': mkIstiod(),
    app: mkHelmChart({ name: 'app', chart: './charts/app', namespace: 'default' }),
  },
  deploy: { east: ['istio-system', 'istio-base', 'istio-istiod', 'app'], west: ['app'] },
}`;

const imagesIn = (state: string, name: string) =>
  (JSON.parse(readFileSync(join(state, 'k3d', 'clusters', `${name}.json`), 'utf8')) as { images?: string[] }).images ?? [];

describe('mesh up --preload (fake k3d, kubectl and docker; real helm)', () => {
  test('pulls each image once on the host, imports into one cluster at a time, before that cluster’s deploy', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(CONFIG);
    const plan = await mesh(tools, cwd, ['plan', 'up', '--preload']);
    expect(plan.stdout).toMatch(/deploy:east +deploy to east +\(needs create:east, render:east, preload:east\)/);
    const from = tools.calls().length;
    const up = await mesh(tools, cwd, ['up', '--preload', '--no-checks']);
    expect(up.code, said(up)).toBe(0);
    const calls = commandLines(tools, from);
    const pulls = calls.filter((c) => c.startsWith('docker pull '));
    // istiod's own image, the proxy its injector adds (from its values), and the chart's nginx: each once, for both clusters.
    expect(pulls.sort()).toEqual([
      'docker pull docker.io/istio/pilot:1.30.3',
      'docker pull nginx:1.27',
      'docker pull registry.istio.io/testing/proxyv2:latest',
    ]);
    const imports = calls.filter((c) => c.startsWith('k3d image import '));
    expect(imports.sort()).toEqual([
      'k3d image import docker.io/istio/pilot:1.30.3 nginx:1.27 registry.istio.io/testing/proxyv2:latest --cluster east',
      'k3d image import nginx:1.27 --cluster west',
    ]);
    for (const name of ['east', 'west']) {
      const imported = calls.findIndex((c) => c.startsWith('k3d image import ') && c.endsWith(`--cluster ${name}`));
      const firstApply = calls.findIndex((c) => c.includes(`--context k3d-${name} apply`));
      expect(imported).toBeGreaterThan(-1);
      expect(imported).toBeLessThan(firstApply);
    }
    expect(imagesIn(tools.state, 'west')).toEqual(['docker.io/library/nginx:1.27']);
    expect(imagesIn(tools.state, 'east')).toContain('registry.istio.io/testing/proxyv2:latest');
  });

  test('an image docker cannot pull stops that cluster before its deploy, with docker’s words and a hint', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(CONFIG);
    tools.setFaults({
      docker: {
        pull: {
          exit: 1,
          match: 'nginx:1.27',
          stderr: 'Error response from daemon: manifest for nginx:1.27 not found: manifest unknown: manifest unknown\n',
        },
      },
    });
    const up = await mesh(tools, cwd, ['up', '--preload', '--no-checks']);
    expect(up.code).toBe(1);
    expect(up.stderr).toContain('manifest for nginx:1.27 not found');
    expect(up.stderr).toContain('mesh up without --preload lets each cluster pull it itself');
    expect(commandLines(tools).filter((c) => / apply /.test(c) && c.includes('k3d-west'))).toEqual([]);
  });
});
