import { expectJsonShape } from '../helpers/json-schema.js';
import { describe, expect, test } from 'vitest';
import {
  cleanUpLifecycle,
  cluster,
  commandLines,
  fakeClusters,
  fakes,
  FULL_PACKAGES,
  kubeconfig,
  lifecycleProject,
  mesh,
  said,
  EXTERNAL_PXC,
} from '../helpers/lifecycle.js';

cleanUpLifecycle();

const PORT = 18410;

describe('mesh up, up, down, down with fake k3d, kubectl and docker (real helm, charts on 127.0.0.1)', () => {
  test('creates once, re-applies on the second up, deletes once, and never switches the current context', async () => {
    const tools = fakes({ net: EXTERNAL_PXC });
    const cwd = lifecycleProject(`{ clusters: { dev: ${cluster(PORT)} }, packages: ${FULL_PACKAGES} }`);
    const before = kubeconfig(tools);
    expect(before).toEqual({ contexts: ['user-prod'], current: 'user-prod' });

    const first = await mesh(tools, cwd, ['up']);
    expect(first.code, said(first)).toBe(0);
    expect(first.stderr).toContain('dev was created (context k3d-dev)');
    expect(first.stdout).toMatch(/^mesh up: \d+ succeeded, 0 failed, 0 skipped in /m);
    expect(fakeClusters(tools)).toEqual([{ name: 'dev', agents: 0, running: true }]);
    expect(kubeconfig(tools)).toEqual({ contexts: ['k3d-dev', 'user-prod'], current: 'user-prod' });
    const afterFirst = tools.calls().length;

    const second = await mesh(tools, cwd, ['up']);
    expect(second.code, said(second)).toBe(0);
    expect(second.stderr).toContain('dev is already running');
    const secondCalls = commandLines(tools, afterFirst);
    expect(secondCalls.filter((c) => c.startsWith('k3d cluster create'))).toEqual([]);
    // Everything is applied again, and applying what is already there succeeds.
    const applies = secondCalls.filter((c) => c.startsWith('kubectl --context k3d-dev apply'));
    expect(applies.length).toBeGreaterThanOrEqual(6);
    expect(second.stderr).not.toMatch(/✖/);
    expect(kubeconfig(tools)).toEqual({ contexts: ['k3d-dev', 'user-prod'], current: 'user-prod' });

    const all = commandLines(tools);
    expect(all.filter((c) => c.startsWith('k3d cluster create'))).toEqual(['k3d cluster create --config -']);
    // The config k3d got says not to switch the current context.
    const create = tools.calls().find((c) => c.tool === 'k3d' && c.argv[1] === 'create')!;
    expect(create.stdin).toMatch(/switchCurrentContext: false/);
    const afterSecond = tools.calls().length;

    const down = await mesh(tools, cwd, ['down']);
    expect(down.code, said(down)).toBe(0);
    expect(down.stderr).toContain('dev and its kubeconfig context k3d-dev were deleted');
    expect(commandLines(tools, afterSecond)).toEqual(['k3d cluster list -o json', 'k3d cluster delete dev']);
    expect(fakeClusters(tools)).toEqual([]);
    expect(kubeconfig(tools)).toEqual({ contexts: ['user-prod'], current: 'user-prod' });
    const afterDown = tools.calls().length;

    const again = await mesh(tools, cwd, ['down']);
    expect(again.code, said(again)).toBe(0);
    expect(again.stderr).toContain('dev does not exist; nothing to delete');
    expect(again.stdout).toMatch(/^mesh down: 1 succeeded, 0 failed, 0 skipped in /m);
    expect(commandLines(tools, afterDown)).toEqual(['k3d cluster list -o json']);
    expect(kubeconfig(tools)).toEqual(before);
  });

  test('--json of mesh up and mesh down gives each task with its status and what create and teardown found', async () => {
    const tools = fakes({ net: EXTERNAL_PXC });
    const cwd = lifecycleProject(`{ clusters: { dev: ${cluster(PORT)} }, packages: ${FULL_PACKAGES} }`);
    const up = await mesh(tools, cwd, ['up', '--json']);
    expect(up.code, said(up)).toBe(0);
    const result = expectJsonShape('lifecycle', up.stdout) as {
      stage: string;
      ok: boolean;
      tasks: Array<{ id: string; status: string; result?: string; checks?: Array<{ ok: boolean }> }>;
    };
    expect(result.stage).toBe('up');
    expect(result.ok).toBe(true);
    const byId = new Map(result.tasks.map((t) => [t.id, t]));
    expect(byId.get('create:dev')).toMatchObject({ status: 'succeeded', result: 'created' });
    expect(byId.get('deploy:dev')).toMatchObject({ status: 'succeeded' });
    expect(byId.get('verify:dev')?.checks?.length).toBeGreaterThanOrEqual(5);
    expect(byId.get('verify:dev')?.checks?.every((c) => c.ok)).toBe(true);

    const down = await mesh(tools, cwd, ['down', '--json']);
    expect(down.code, said(down)).toBe(0);
    expect(JSON.parse(down.stdout)).toMatchObject({
      stage: 'down',
      ok: true,
      tasks: [{ id: 'teardown:dev', status: 'succeeded', result: 'deleted' }],
    });
    const gone = await mesh(tools, cwd, ['down', '--json']);
    expect(JSON.parse(gone.stdout)).toMatchObject({ ok: true, tasks: [{ id: 'teardown:dev', status: 'succeeded', result: 'absent' }] });
  });
});
