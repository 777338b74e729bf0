import { expectJsonShape } from '../helpers/json-schema.js';
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { runMesh, type MeshRun } from '../helpers/cli.js';
import { makeProject, tsConfig } from '../helpers/project.js';
import { readdirSync } from 'node:fs';

const CHART = {
  'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
  'charts/app/templates/cm.yaml':
    'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app\ndata:\n  greeting: {{ .Values.greeting | quote }}\n',
};
const config = (greeting: string) =>
  tsConfig(`{
  packages: {
    'istio-base': mkIstioBase(),
    app: mkHelmChart({ name: 'app', chart: './charts/app', values: { greeting: '${greeting}', token: process.env.API_TOKEN } }),
  },
}`);

/**
 * A warm `mesh render` that changes nothing is answered by the launcher from
 * a stamp the previous identical run left: the same words, without loading
 * the CLI. Any change to what the render depends on runs mesh in full.
 */
describe('mesh render when nothing changed (real helm, Istio base from 127.0.0.1, a local chart)', () => {
  test('the shortcut says exactly what the full run said; each kind of change renders in full again', async () => {
    const cwd = makeProject({ 'mesh.config.ts': config('hello'), ...CHART, '.env': 'API_TOKEN=s3cr3t-value\nnot a pair s3cr3t-value\n' });
    const cache = mkdtempSync(join(tmpdir(), 'mesh-cache-'));
    const env = { MESH_ISTIO_REPO: inject('istioRepoUrl'), MESH_ISTIO_VERSION: '1.30.3', MESH_CACHE_DIR: cache };
    const render = (more: Record<string, string> = {}, args: string[] = []) =>
      runMesh(['render', ...args], { cwd, env: { ...env, ...more } });
    const stamp = () => {
      const dir = join(cache, 'fast');
      const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
      return files.map((f) => `${f}:${statSync(join(dir, f)).mtimeMs}`).join(',');
    };
    const ok = (run: MeshRun) => {
      expect(run.code, run.stderr).toBe(0);
      expect(run.stderr).not.toContain('s3cr3t-value');
      return run;
    };

    expect(ok(await render()).stdout).toMatch(/^wrote result\//);
    const full = ok(await render());
    expect(full.stdout).toMatch(/^result\/ is up to date: istio-base, app\n/);
    expect(full.stderr).toContain('.env:2: "not a pair ******" is not KEY=value; it is ignored');
    const before = stamp();
    const fast = ok(await render());
    expect([fast.stdout, fast.stderr]).toEqual([full.stdout, full.stderr]);
    // The shortcut wrote nothing: a full run would have stamped again.
    expect(stamp()).toBe(before);

    // A chart's template changes what it renders.
    writeFileSync(join(cwd, 'charts/app/templates/cm.yaml'), CHART['charts/app/templates/cm.yaml'].replace('greeting:', 'greeting-2:'));
    expect(ok(await render()).stdout).toMatch(/^wrote result\//);
    expect(readFileSync(join(cwd, 'result/app/manifest.yaml'), 'utf8')).toContain('greeting-2: "hello"');

    // So does the config.
    ok(await render());
    writeFileSync(join(cwd, 'mesh.config.ts'), config('bonjour'));
    expect(ok(await render()).stdout).toMatch(/^wrote result\//);
    expect(readFileSync(join(cwd, 'result/app/manifest.yaml'), 'utf8')).toContain('greeting-2: "bonjour"');

    // A file of result/ edited by hand is put back.
    ok(await render());
    ok(await render());
    const manifest = join(cwd, 'result/app/manifest.yaml');
    const rendered = readFileSync(manifest, 'utf8');
    writeFileSync(manifest, 'edited by hand\n');
    expect(ok(await render()).stdout).toMatch(/^wrote result\//);
    expect(readFileSync(manifest, 'utf8')).toBe(rendered);

    // A variable the config reads, and a new MESH_ variable, are other questions.
    ok(await render());
    const changedToken = ok(await render({ API_TOKEN: 'other-token' }));
    expect(changedToken.stdout).toMatch(/^wrote result\//);
    ok(await render());
    const settled = stamp();
    ok(await render({ MESH_BUNDLED_TOOLS: '1' }));
    expect(stamp()).not.toBe(settled);

    // Other arguments are another question too, with their own answer.
    const json = ok(await render({}, ['--json']));
    expect(expectJsonShape('render', json.stdout)).toMatchObject({ schemaVersion: 1, out: 'result', format: 'result', written: false });
    const jsonAgain = ok(await render({}, ['--json']));
    expect(jsonAgain.stdout).toBe(json.stdout);
  });
});
