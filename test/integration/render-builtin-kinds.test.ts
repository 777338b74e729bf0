import { mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { projectRoot } from '../helpers/paths.js';
import { makeProject, tsConfig } from '../helpers/project.js';

const CHART = {
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 0.1.0\n',
  'charts/web/values.yaml': 'replicas: 2\nmemory: 256Mi\n',
  'charts/web/templates/deployment.yaml': [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    'spec:',
    '  replicas: {{ .Values.replicas }}',
    '  selector:',
    '    matchLabels: {app: web}',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    '      containers:',
    '        - name: web',
    '          image: nginx:1.27',
    '          command: {{ .Values.command | toJson }}',
    '          resources:',
    '            limits:',
    '              memory: {{ .Values.memory }}',
    '',
  ].join('\n'),
};
const config = (values: string) =>
  tsConfig(`{ packages: { web: mkHelmChart({ name: 'web', chart: './charts/web', values: ${values} }) } }`);

/**
 * Built-in kinds are checked against Kubernetes' schemas when the project
 * has installed kubernetes-models, and only then (real helm, the built CLI).
 */
describe('mesh render of a Deployment with wrong types (real helm, a local chart)', () => {
  test('passes without kubernetes-models; installed, it names target, object, field and value, and neither a remembered pass nor an unchanged-render stamp hides it', async () => {
    const cwd = makeProject({ 'mesh.config.ts': config(`{ memory: 'lots', replicas: '"2"' }`), ...CHART });
    const cache = mkdtempSync(join(tmpdir(), 'mesh-cache-'));
    const render = () => runMesh(['render'], { cwd, env: { MESH_CACHE_DIR: cache } });

    const without = await render();
    expect(without.code, without.stderr).toBe(0);
    // The null helm renders for an unset command is no problem to the API server, nor to the check.
    expect(readFileSync(join(cwd, 'result', 'manifest.yaml'), 'utf8')).toContain('command: null');

    // An unchanged render leaves the stamp a repeated one is answered from; installing the package must void it.
    const unchanged = await render();
    expect(unchanged.stdout).toMatch(/^result\/ is up to date/);
    symlinkSync(join(projectRoot, 'node_modules', 'kubernetes-models'), join(cwd, 'node_modules', 'kubernetes-models'), 'dir');
    const withModels = await render();
    expect(withModels.code).toBe(1);
    expect(withModels.stderr).toContain('web: Deployment/web: spec.replicas: expected integer, found string "2"');
    expect(withModels.stderr).toContain(
      'web: Deployment/web: spec.template.spec.containers[0].resources.limits.memory: expected a quantity string or number, found string "lots"',
    );
    expect(withModels.stderr).not.toMatch(/\n\s+at /);
  });

  test('a valid Deployment passes with kubernetes-models installed', async () => {
    const cwd = makeProject({ 'mesh.config.ts': config(`{ command: ['nginx', '-g', 'daemon off;'] }`), ...CHART });
    symlinkSync(join(projectRoot, 'node_modules', 'kubernetes-models'), join(cwd, 'node_modules', 'kubernetes-models'), 'dir');
    const run = await runMesh(['render'], { cwd });
    expect(run.code, run.stderr).toBe(0);
  });
});
