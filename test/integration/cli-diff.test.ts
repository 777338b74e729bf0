import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { expectJsonShape } from '../helpers/json-schema.js';
import { cleanUpLifecycle, cluster, commandLines, fakes, lifecycleProject, mesh, said } from '../helpers/lifecycle.js';

cleanUpLifecycle();

const PORT = 18480;
const SECRET = `{ apiVersion: 'v1', kind: 'Secret', metadata: { name: 'db-password', namespace: 'default' }, stringData: { password: 'hunter2' } }`;
const CONFIG = (packages = `app: mkHelmChart({ name: 'app', chart: './charts/app', namespace: 'default' }),\n    creds: ${SECRET},`) => `{
  clusters: { dev: ${cluster(PORT)} },
  packages: {
    'istio-system': mkNamespace({ name: 'istio-system' }),
    'istio-base': mkIstioBase(),
    ${packages}
  },
}`;

interface DiffJson {
  schemaVersion: 1;
  changed: number;
  clusters: Array<{
    name: string;
    context: string;
    changes: Array<{ target: string; object: string; change: string; diff?: string; note?: string }>;
  }>;
}

describe('mesh diff: what deploy would change, from the API server’s dry run (fake k3d, kubectl and docker; real helm)', () => {
  test('no changes after up; a changed chart, a changed secret and a removed target each show, secrets masked; nothing is applied', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(CONFIG());
    const up = await mesh(tools, cwd, ['up', '--no-checks']);
    expect(up.code, said(up)).toBe(0);

    const same = await mesh(tools, cwd, ['diff']);
    expect(same.code, said(same)).toBe(0);
    expect(same.stdout).toBe('dev (context k3d-dev): no changes\nno changes\n');

    const chart = join(cwd, 'charts', 'app', 'templates', 'deployment.yaml');
    writeFileSync(chart, readFileSync(chart, 'utf8').replace('nginx:1.27', 'nginx:1.28'));
    writeFileSync(
      join(cwd, 'mesh.config.ts'),
      readFileSync(join(cwd, 'mesh.config.ts'), 'utf8').replace("password: 'hunter2'", "password: 'correct-horse'"),
    );
    const from = tools.calls().length;
    const changed = await mesh(tools, cwd, ['diff']);
    expect(changed.code, said(changed)).toBe(1);
    expect(changed.stderr).toBe('');
    expect(changed.stdout).toContain('  app\n    ~ Deployment default/app\n');
    expect(changed.stdout).toMatch(/^ +- +- image: nginx:1\.27$/m);
    expect(changed.stdout).toMatch(/^ +\+ +- image: nginx:1\.28$/m);
    expect(changed.stdout).toContain('    ~ Secret default/db-password');
    expect(changed.stdout).toMatch(/^ +- +password: "?\*\*\* \(before\)"?$/m);
    expect(changed.stdout).toMatch(/^ +\+ +password: "?\*\*\* \(after\)"?$/m);
    expect(changed.stdout + changed.stderr).not.toMatch(/hunter2|correct-horse|aHVudGVyMg|Y29ycmVjdC1ob3JzZ/);
    expect(changed.stdout).toMatch(/\n2 changes: 0 to create, 2 to update, 0 to delete\n$/);
    // Only reads and server-side dry runs.
    const kubectl = commandLines(tools, from).filter((c) => c.startsWith('kubectl '));
    expect(kubectl.filter((c) => / apply /.test(c) && !c.includes('--dry-run=server'))).toEqual([]);
    expect(kubectl.filter((c) => / delete /.test(c))).toEqual([]);

    writeFileSync(join(cwd, 'mesh.config.ts'), readFileSync(join(cwd, 'mesh.config.ts'), 'utf8').replace(/ {4}app: mkHelmChart\(.*\n/, ''));
    const json = await mesh(tools, cwd, ['diff', '--json']);
    expect(json.code, said(json)).toBe(1);
    const data = expectJsonShape('diff', json.stdout) as DiffJson;
    expect(data.clusters[0]!.changes.filter((c) => c.change === 'delete')).toEqual([
      { target: 'app', object: 'Deployment default/app', change: 'delete', note: 'the cluster no longer gets this target' },
    ]);
    expect(data.changed).toBe(data.clusters[0]!.changes.length);
  });

  test('a target named alone limits the diff to it; a misspelt one, or a cluster that does not answer, exits 2', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(CONFIG());
    const before = await mesh(tools, cwd, ['diff']);
    // The cluster was never created: kubectl cannot reach it.
    expect(before.code).toBe(2);
    expect(before.stderr).toMatch(/^mesh: error: /);
    const up = await mesh(tools, cwd, ['up', '--no-checks']);
    expect(up.code, said(up)).toBe(0);
    const chart = join(cwd, 'charts', 'app', 'templates', 'deployment.yaml');
    writeFileSync(chart, readFileSync(chart, 'utf8').replace('nginx:1.27', 'nginx:1.28'));
    const other = await mesh(tools, cwd, ['diff', 'istio-base']);
    expect(other.code, said(other)).toBe(0);
    const mine = await mesh(tools, cwd, ['diff', 'app']);
    expect(mine.code, said(mine)).toBe(1);
    const typo = await mesh(tools, cwd, ['diff', 'ap']);
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('unknown target "ap"; did you mean "app"?');
  });
});
