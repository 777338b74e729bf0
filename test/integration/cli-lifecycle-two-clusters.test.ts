import { describe, expect, test } from 'vitest';
import {
  cleanUpLifecycle,
  cluster,
  commandLines,
  fakeClusters,
  fakeNetworks,
  fakes,
  lifecycleProject,
  mesh,
  said,
  EXTERNAL_PXC,
} from '../helpers/lifecycle.js';

cleanUpLifecycle();

const CONFIG = `{
  clusters: {
    'cluster-a': ${cluster(18440, "network: 'mesh-net'")},
    'cluster-b': ${cluster(18441, "network: 'mesh-net'")},
  },
  packages: {
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    'istio-istiod': mkIstiod(),
    'pxc-remote': mkPXCServiceEntry({ name: 'pxc-source', namespace: 'default', remoteClusterName: 'cluster-b', remoteEndpoints: [{ address: '172.18.0.5', port: 3306 }] }),
  },
  deploy: {
    'cluster-a': ['istio-system', 'istio-base', 'istio-istiod', 'pxc-remote'],
    'cluster-b': ['istio-system', 'istio-base', 'istio-istiod'],
  },
}`;

describe('two clusters on one docker network, with fake k3d, kubectl and docker (real helm)', () => {
  test('both come up on the network mesh creates first; the deploy map is respected; mesh down removes all of it', async () => {
    const tools = fakes({ net: EXTERNAL_PXC });
    const cwd = lifecycleProject(CONFIG);
    const up = await mesh(tools, cwd, ['up']);
    expect(up.code, said(up)).toBe(0);
    expect(fakeClusters(tools).map((c) => [c.name, c.running])).toEqual([
      ['cluster-a', true],
      ['cluster-b', true],
    ]);
    expect(fakeNetworks(tools)).toEqual(['mesh-net']);

    const calls = commandLines(tools);
    const networkCreates = calls.filter((c) => c.startsWith('docker network create'));
    expect(networkCreates).toEqual(['docker network create --label dev.k3d-mesh.network=true mesh-net']);
    const creates = calls.flatMap((c, i) => (c === 'k3d cluster create --config -' ? [i] : []));
    expect(creates).toHaveLength(2);
    expect(calls.indexOf(networkCreates[0]!)).toBeLessThan(Math.min(...creates));
    // Both k3d configs name the shared network.
    for (const c of tools.calls().filter((c) => c.tool === 'k3d' && c.argv[1] === 'create'))
      expect(c.stdin).toMatch(/^network: mesh-net$/m);

    // The ServiceEntry only goes to cluster-a.
    const serviceEntries = tools
      .calls()
      .filter((c) => c.tool === 'kubectl' && c.argv.includes('apply') && /^kind: ServiceEntry$/m.test(c.stdin ?? ''));
    expect(serviceEntries.map((c) => c.argv[1])).toEqual(['k3d-cluster-a']);
    expect(up.stderr).toContain('render cluster-b: istio-system, istio-base, istio-istiod');

    const before = tools.calls().length;
    const down = await mesh(tools, cwd, ['down']);
    expect(down.code, said(down)).toBe(0);
    expect(fakeClusters(tools)).toEqual([]);
    expect(fakeNetworks(tools)).toEqual([]);
    const downCalls = commandLines(tools, before);
    expect(downCalls).toEqual(
      expect.arrayContaining(['k3d cluster delete cluster-a', 'k3d cluster delete cluster-b', 'docker network rm mesh-net']),
    );
    expect(downCalls.at(-1)).toBe('docker network rm mesh-net');
    expect(down.stderr).toContain('network mesh-net was removed');
  });

  test('mesh down --cluster cluster-a keeps the network while a stopped cluster-b is on it, so cluster-b starts again', async () => {
    const tools = fakes({ net: EXTERNAL_PXC });
    const cwd = lifecycleProject(CONFIG.replaceAll('18440', '18442').replaceAll('18441', '18443'));
    expect((await mesh(tools, cwd, ['create'])).code).toBe(0);
    expect((await tools.run('k3d', ['cluster', 'stop', 'cluster-b'])).code).toBe(0);

    const down = await mesh(tools, cwd, ['down', '--cluster', 'cluster-a']);
    expect(down.code, said(down)).toBe(0);
    expect(fakeNetworks(tools)).toEqual(['mesh-net']);
    expect(commandLines(tools)).not.toContain('docker network rm mesh-net');
    expect((await tools.run('k3d', ['cluster', 'start', 'cluster-b'])).code).toBe(0);

    // Once the last cluster on it is gone, the network goes too.
    const last = await mesh(tools, cwd, ['down']);
    expect(last.code, said(last)).toBe(0);
    expect(fakeNetworks(tools)).toEqual([]);
  });

  test("cluster-b's istiod never rolls out (fault on its context only): cluster-a still finishes, the run exits 1 naming deploy:cluster-b", async () => {
    const tools = fakes({ net: EXTERNAL_PXC });
    tools.setFaults({ contexts: { 'k3d-cluster-b': { rollout: { 'deployment/istiod': 'never' } } } });
    const cwd = lifecycleProject(CONFIG);
    const up = await mesh(tools, cwd, ['up', '--timeout', '20s']);
    expect(up.code, said(up)).toBe(1);
    expect(up.stderr).toMatch(/^mesh: error: 1 of 9 tasks failed$/m);
    expect(up.stderr).toMatch(
      /^ {2}✖ deploy to cluster-b: deployment\/istiod in istio-system \(target istio-istiod\) did not roll out within 20s: pod istiod-\S+ is not Ready: ContainerCreating in container discovery$/m,
    );
    expect(up.stderr).toContain('↓ verify cluster-b (skipped: needs deploy:cluster-b, which failed)');
    expect(up.stderr).toMatch(/✔ verify cluster-a \(/);
    expect(up.stderr).toMatch(/^7 succeeded, 1 failed, 1 skipped in /m);
    // cluster-a got everything, including what comes after istiod.
    expect(
      commandLines(tools).filter(
        (c) => c.includes('k3d-cluster-a') && c.includes(' get customresourcedefinitions,deployments,mutatingwebhookconfigurations,pods'),
      ),
    ).not.toEqual([]);

    const json = await mesh(tools, cwd, ['up', '--json', '--timeout', '20s']);
    expect(json.code, said(json)).toBe(1);
    const result = JSON.parse(json.stdout) as {
      ok: boolean;
      tasks: Array<{ id: string; status: string; checks?: Array<{ ok: boolean }> }>;
      error: { exitCode: number };
    };
    const status = Object.fromEntries(result.tasks.map((t) => [t.id, t.status]));
    expect(status).toMatchObject({
      'deploy:cluster-a': 'succeeded',
      'verify:cluster-a': 'succeeded',
      'deploy:cluster-b': 'failed',
      'verify:cluster-b': 'skipped',
    });
    expect(result.tasks.find((t) => t.id === 'verify:cluster-a')!.checks!.every((c) => c.ok)).toBe(true);
    expect(result).toMatchObject({ ok: false, error: { exitCode: 1 } });
  });
});
