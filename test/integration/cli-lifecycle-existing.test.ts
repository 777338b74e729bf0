import { describe, expect, test } from 'vitest';
import {
  cleanUpLifecycle,
  cluster,
  commandLines,
  fakeClusters,
  fakes,
  ISTIO_PACKAGES,
  kubeconfig,
  lifecycleProject,
  mesh,
  said,
} from '../helpers/lifecycle.js';

cleanUpLifecycle();

const PORT = 18460;
const CONFIG = `{ clusters: { dev: ${cluster(PORT)} }, packages: ${ISTIO_PACKAGES} }`;

/** `k3d cluster create` run by hand with the fake, leaving the current context alone. */
async function createByHand(tools: ReturnType<typeof fakes>, name: string, port: number, extra: string[] = []): Promise<void> {
  const made = await tools.run('k3d', [
    'cluster',
    'create',
    name,
    '--port',
    `${port}:80@loadbalancer`,
    '--kubeconfig-switch-context=false',
    ...extra,
  ]);
  expect(made.code, made.stderr).toBe(0);
}

describe('mesh up and down with clusters that already exist (fake k3d, kubectl and docker; real helm)', () => {
  test('a cluster of the same name whose config differs is reported with the difference and left alone; --recreate replaces it', async () => {
    const tools = fakes();
    await createByHand(tools, 'dev', PORT, ['--agents', '2']);
    const cwd = lifecycleProject(CONFIG);
    let from = tools.calls().length;

    const up = await mesh(tools, cwd, ['up']);
    expect(up.code, said(up)).toBe(0);
    expect(up.stderr).toContain(
      'dev exists but differs from the config (agents: 2 running, 0 in the config); left alone, use --recreate to replace it',
    );
    const k3d = commandLines(tools, from).filter((c) => c.startsWith('k3d '));
    expect(k3d.filter((c) => /^k3d cluster (create|delete|start|stop)/.test(c))).toEqual([]);
    expect(fakeClusters(tools)).toEqual([{ name: 'dev', agents: 2, running: true }]);

    from = tools.calls().length;
    const recreate = await mesh(tools, cwd, ['up', '--recreate']);
    expect(recreate.code, said(recreate)).toBe(0);
    expect(recreate.stderr).toContain('dev was deleted and created again (context k3d-dev): agents: 2 running, 0 in the config');
    const changes = commandLines(tools, from).filter((c) => /^k3d cluster (create|delete)/.test(c));
    expect(changes).toEqual(['k3d cluster delete dev', 'k3d cluster create --config -']);
    expect(fakeClusters(tools)).toEqual([{ name: 'dev', agents: 0, running: true }]);
    expect(kubeconfig(tools)).toEqual({ contexts: ['k3d-dev', 'user-prod'], current: 'user-prod' });
  });

  test('a cluster running another k3s image is reported with both images, read from its server container', async () => {
    const tools = fakes();
    await createByHand(tools, 'dev', PORT + 3, ['--image', 'rancher/k3s:v1.33.1-k3s1']);
    const up = await mesh(tools, lifecycleProject(`{ clusters: { dev: ${cluster(PORT + 3)} }, packages: ${ISTIO_PACKAGES} }`), ['create']);
    expect(up.code, said(up)).toBe(0);
    expect(up.stderr).toContain(
      'dev exists but differs from the config (image: rancher/k3s:v1.33.1-k3s1 running, rancher/k3s:v1.35.2-k3s1 in the config)',
    );
  });

  for (const [what, config] of [
    ['a :direct port on a server', `mkClusterConfig({ ports: [{ port: '${PORT + 4}:80', nodeFilters: ['server:0:direct'] }] })`],
    [
      'no load balancer',
      `mkClusterConfig({ ports: [{ port: '${PORT + 5}:80', nodeFilters: ['server:0:direct'] }], options: { k3d: { disableLoadbalancer: true } } })`,
    ],
  ] as const) {
    test(`a cluster with ${what} matches its own config on the next run: nothing differs, nothing is recreated`, async () => {
      const tools = fakes();
      const cwd = lifecycleProject(`{ clusters: { dev: ${config} }, packages: {} }`);
      expect((await mesh(tools, cwd, ['create'])).code).toBe(0);
      const again = await mesh(tools, cwd, ['create', '--recreate']);
      expect(again.code, said(again)).toBe(0);
      expect(again.stderr).toContain('dev is already running');
      expect(commandLines(tools).filter((c) => /^k3d cluster (create|delete)/.test(c))).toEqual(['k3d cluster create --config -']);
    });
  }

  test('a stopped cluster is started by mesh up, not created again', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(CONFIG);
    expect((await mesh(tools, cwd, ['create'])).code).toBe(0);
    const stopped = await tools.run('k3d', ['cluster', 'stop', 'dev']);
    expect(stopped.code, stopped.stderr).toBe(0);
    expect(fakeClusters(tools)).toEqual([{ name: 'dev', agents: 0, running: false }]);
    const from = tools.calls().length;

    const up = await mesh(tools, cwd, ['up']);
    expect(up.code, said(up)).toBe(0);
    expect(up.stderr).toContain('dev was stopped and is started');
    expect(commandLines(tools, from).filter((c) => /^k3d cluster (create|delete|start)/.test(c))).toEqual(['k3d cluster start dev']);
    expect(fakeClusters(tools)).toEqual([{ name: 'dev', agents: 0, running: true }]);
    // Started before anything was applied to it.
    const calls = commandLines(tools, from);
    expect(calls.indexOf('k3d cluster start dev')).toBeLessThan(calls.findIndex((c) => c.includes(' apply ')));
  });

  test('mesh down never touches a cluster that is not in the config', async () => {
    const tools = fakes();
    await createByHand(tools, 'other', PORT + 9);
    const cwd = lifecycleProject(CONFIG);
    expect((await mesh(tools, cwd, ['create'])).code).toBe(0);
    expect(fakeClusters(tools).map((c) => c.name)).toEqual(['dev', 'other']);
    const from = tools.calls().length;

    const down = await mesh(tools, cwd, ['down']);
    expect(down.code, said(down)).toBe(0);
    expect(commandLines(tools, from).filter((c) => c.startsWith('k3d cluster delete'))).toEqual(['k3d cluster delete dev']);
    expect(fakeClusters(tools)).toEqual([{ name: 'other', agents: 0, running: true }]);
    expect(kubeconfig(tools)).toEqual({ contexts: ['k3d-other', 'user-prod'], current: 'user-prod' });

    const again = await mesh(tools, cwd, ['down']);
    expect(again.code, said(again)).toBe(0);
    expect(again.stderr).toContain('dev does not exist; nothing to delete');
    expect(fakeClusters(tools).map((c) => c.name)).toEqual(['other']);
    expect(down.stderr + again.stderr).not.toContain('other');
  });
});

describe("the cluster's context in the kubeconfig (fake k3d: its kubeconfig write can be lost, as with a concurrent writer)", () => {
  test('mesh writes each context itself, one cluster at a time, so a write k3d loses cannot lose one; a context gone missing is repaired', async () => {
    const tools = fakes();
    tools.setFaults({ kubeconfig: { loseOnCreate: true } });
    const two = `{ clusters: { east: ${cluster(PORT + 8)}, west: ${cluster(PORT + 9)} }, packages: {} }`;
    const cwd = lifecycleProject(two);
    const up = await mesh(tools, cwd, ['create']);
    expect(up.code, said(up)).toBe(0);
    expect(kubeconfig(tools)).toEqual({ contexts: ['k3d-east', 'k3d-west', 'user-prod'], current: 'user-prod' });
    const merges = commandLines(tools).filter((c) => c.startsWith('k3d kubeconfig merge'));
    expect(merges.sort()).toEqual([
      'k3d kubeconfig merge east --kubeconfig-merge-default --kubeconfig-switch-context=false',
      'k3d kubeconfig merge west --kubeconfig-merge-default --kubeconfig-switch-context=false',
    ]);
    // k3d itself was told to leave the kubeconfig alone.
    for (const c of tools.calls().filter((c) => c.tool === 'k3d' && c.argv[1] === 'create')) {
      expect(c.stdin).toMatch(/updateDefaultKubeconfig: false/);
    }

    // The context goes missing (another tool rewrote the kubeconfig): the next mesh up puts it back.
    expect((await tools.run('kubectl', ['config', 'delete-context', 'k3d-west'])).code).toBe(0);
    const again = await mesh(tools, cwd, ['create']);
    expect(again.code, said(again)).toBe(0);
    expect(again.stderr).toContain('west: its context k3d-west was missing from the kubeconfig and is written again');
    expect(kubeconfig(tools).contexts).toContain('k3d-west');
  });
});
