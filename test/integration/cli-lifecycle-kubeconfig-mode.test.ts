import { chmodSync, rmSync, statSync } from 'node:fs';
import { describe, expect, test } from 'vitest';
import { cleanUpLifecycle, cluster, fakes, kubeconfig, lifecycleProject, mesh, said } from '../helpers/lifecycle.js';

cleanUpLifecycle();

const CONFIG = `{ clusters: { dev: ${cluster(18499)} }, packages: { apps: mkNamespace({ name: 'apps' }) } }`;
const mode = (file: string) => statSync(file).mode & 0o777;

describe("the user's kubeconfig (fake k3d, which replaces it with a 0600 file as k3d does)", () => {
  test('keeps its permissions when mesh up adds a context and mesh down removes it', async () => {
    const tools = fakes();
    chmodSync(tools.kubeconfig, 0o640);
    const cwd = lifecycleProject(CONFIG);
    const up = await mesh(tools, cwd, ['up', '--no-checks']);
    expect(up.code, said(up)).toBe(0);
    expect(kubeconfig(tools).contexts).toContain('k3d-dev');
    expect(mode(tools.kubeconfig).toString(8)).toBe('640');
    const down = await mesh(tools, cwd, ['down']);
    expect(down.code, said(down)).toBe(0);
    expect(kubeconfig(tools).contexts).not.toContain('k3d-dev');
    expect(mode(tools.kubeconfig).toString(8)).toBe('640');
  });

  test('one that did not exist is made readable by its owner only', async () => {
    const tools = fakes();
    rmSync(tools.kubeconfig);
    const up = await mesh(tools, lifecycleProject(CONFIG), ['up', '--no-checks']);
    expect(up.code, said(up)).toBe(0);
    expect(kubeconfig(tools).contexts).toEqual(['k3d-dev']);
    expect(mode(tools.kubeconfig).toString(8)).toBe('600');
  });
});
