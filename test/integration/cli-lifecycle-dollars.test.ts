import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { cleanUpLifecycle, fakes, lifecycleProject, mesh, said } from '../helpers/lifecycle.js';

cleanUpLifecycle();

// k3d expands $VAR in the config it reads (os.ExpandEnv, no escape); the fake k3d does too.
const ARG = '--node-label=price=$5-${HOME}-$$';
const CONFIG = `{ clusters: { shop: mkClusterConfig({ ports: [{ port: '18560:80', nodeFilters: ['loadbalancer'] }], options: { k3s: { extraArgs: [{ arg: '${ARG}', nodeFilters: ['server:*'] }] } } }) }, packages: {} }`;

/** The command the fake k3d gave the cluster's server node. */
function serverCmd(state: string, cluster: string): string[] {
  const stored = JSON.parse(readFileSync(join(state, 'k3d', 'clusters', `${cluster}.json`), 'utf8')) as {
    nodes: Array<{ role: string; cmd?: string[] }>;
  };
  return stored.nodes.find((n) => n.role === 'server')?.cmd ?? [];
}

describe('a $ in the k3d config reaches k3d unchanged (fake k3d expands variables as the real one does)', () => {
  test('mesh up: the k3s argument arrives exactly as written, HOME and all', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(CONFIG);
    const run = await mesh(tools, cwd, ['create']);
    expect(run.code, said(run)).toBe(0);
    expect(serverCmd(tools.state, 'shop')).toContain(ARG);
  });

  test("result/<cluster>/bin/k3d-create: the same config, through the script's own variable", async () => {
    const tools = fakes();
    const cwd = lifecycleProject(CONFIG);
    const render = await mesh(tools, cwd, ['render']);
    expect(render.code, said(render)).toBe(0);
    expect(readFileSync(join(cwd, 'result', 'shop', 'k3d-config.yaml'), 'utf8')).toContain(ARG);
    execFileSync(join(cwd, 'result', 'shop', 'bin', 'k3d-create'), { env: { ...process.env, ...tools.env }, stdio: 'ignore' });
    expect(serverCmd(tools.state, 'shop')).toContain(ARG);
  });
});
