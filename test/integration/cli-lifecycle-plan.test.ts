import { expectJsonShape } from '../helpers/json-schema.js';
import { describe, expect, test } from 'vitest';
import { cleanUpLifecycle, fakes, ISTIO_PACKAGES, lifecycleProject, mesh, said } from '../helpers/lifecycle.js';

cleanUpLifecycle();

const ONE = `{ clusters: { a: mkClusterConfig() }, packages: ${ISTIO_PACKAGES} }`;
const TWO = `{ clusters: { a: mkClusterConfig({ network: 'mesh-net' }), b: mkClusterConfig({ network: 'mesh-net' }) }, packages: ${ISTIO_PACKAGES} }`;

describe('mesh plan prints the task graph and runs no tool (fake k3d, kubectl and docker on PATH)', () => {
  test('mesh plan of one cluster: the checks and the render, then create (no cluster for a config that does not render), deploy, verify', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(ONE);
    const run = await mesh(tools, cwd, ['plan']);
    expect(run.code, said(run)).toBe(0);
    expect(run.stdout).toBe(`tasks
  checks    check docker, k3d, kubectl, helm and host ports
  create:a  create cluster a  (needs checks, render:a)
  render:a  render a: istio-system, istio-base, istio-istiod
  deploy:a  deploy to a  (needs create:a, render:a)
  verify:a  verify a  (needs deploy:a)
batches
  1: checks, render:a
  2: create:a
  3: deploy:a
  4: verify:a
`);
    expect(run.stderr).toBe('');
    expect(tools.calls()).toEqual([]);
  });

  test('mesh plan --json of two clusters: tasks with their needs, and the batches', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(TWO);
    const run = await mesh(tools, cwd, ['plan', '--json']);
    expect(run.code, said(run)).toBe(0);
    const plan = JSON.parse(run.stdout) as { tasks: Array<{ id: string; title: string; needs: string[] }>; batches: string[][] };
    expect(run.stdout).toBe(`${JSON.stringify(plan, null, 2)}\n`);
    expect(plan.tasks.map((t) => [t.id, t.needs])).toEqual([
      ['checks', []],
      ['create:a', ['checks', 'render:a']],
      ['render:a', []],
      ['deploy:a', ['create:a', 'render:a']],
      ['verify:a', ['deploy:a']],
      ['create:b', ['checks', 'render:b']],
      ['render:b', []],
      ['deploy:b', ['create:b', 'render:b']],
      ['verify:b', ['deploy:b']],
    ]);
    expect(plan.batches).toEqual([
      ['checks', 'render:a', 'render:b'],
      ['create:a', 'create:b'],
      ['deploy:a', 'deploy:b'],
      ['verify:a', 'verify:b'],
    ]);
    expect(tools.calls()).toEqual([]);
  });

  test('mesh plan deploy of two clusters: the renders side by side, then the creates', async () => {
    const tools = fakes();
    const run = await mesh(tools, lifecycleProject(TWO), ['plan', 'deploy']);
    expect(run.code, said(run)).toBe(0);
    expect(run.stdout).toMatch(/^batches\n {2}1: render:a, render:b\n {2}2: create:a, create:b\n {2}3: deploy:a, deploy:b\n$/m);
    expect(run.stdout).not.toContain('verify:');
  });

  test('mesh plan down: each cluster deleted side by side, the shared network after both; --cluster narrows it', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(TWO);
    const run = await mesh(tools, cwd, ['plan', 'down']);
    expect(run.code, said(run)).toBe(0);
    expect(run.stdout).toBe(`tasks
  teardown:a        delete cluster a
  teardown:b        delete cluster b
  network:mesh-net  remove network mesh-net  (needs teardown:a, teardown:b)
batches
  1: teardown:a, teardown:b
  2: network:mesh-net
`);
    const one = await mesh(tools, cwd, ['plan', 'down', '--cluster', 'b', '--json']);
    expect(expectJsonShape('plan', one.stdout)).toEqual({
      schemaVersion: 1,
      tasks: [
        { id: 'teardown:b', title: 'delete cluster b', needs: [] },
        { id: 'network:mesh-net', title: 'remove network mesh-net', needs: ['teardown:b'] },
      ],
      batches: [['teardown:b'], ['network:mesh-net']],
    });
    expect(tools.calls()).toEqual([]);
  });

  test('mesh plan of an unknown stage exits 2 and lists the stages', async () => {
    const run = await mesh(fakes(), lifecycleProject(ONE), ['plan', 'upp']);
    expect(run.code, said(run)).toBe(2);
    expect(run.stderr).toContain('mesh: error: unknown stage "upp"; did you mean "up"?');
    expect(run.stderr).toContain('hint: use one of up, down, create, deploy, verify, teardown');
  });
});

describe('mesh list --json: host ports of clusters left at the defaults never clash', () => {
  test('the first cluster gets 80/443, the second 8080/8443', async () => {
    const run = await mesh(fakes(), lifecycleProject(TWO), ['list', '--json']);
    expect(run.code, said(run)).toBe(0);
    const listing = JSON.parse(run.stdout) as { clusters: Array<{ name: string; hostPorts: number[]; ports: string[]; network: string }> };
    expect(listing.clusters.map((c) => [c.name, c.hostPorts, c.network])).toEqual([
      ['a', [80, 443], 'mesh-net'],
      ['b', [8080, 8443], 'mesh-net'],
    ]);
    expect(listing.clusters[1]!.ports).toEqual(['8080:80@loadbalancer', '8443:443@loadbalancer']);
  });
});
