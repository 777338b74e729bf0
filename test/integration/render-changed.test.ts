import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { stringify } from 'yaml';
import { runMesh } from '../helpers/cli.js';
import { makeProject, tsConfig } from '../helpers/project.js';
import { projectRoot } from '../helpers/paths.js';
import { exampleCrd } from '../helpers/crd.js';

// A chart whose CRD's schema is far larger than what its one custom resource sets, and a ConfigMap that repeats a key.
const properties = Object.fromEntries(
  Array.from({ length: 200 }, (_, i) => [`field${i}`, { type: 'object', properties: { value: { type: 'integer', minimum: 0 } } }]),
);
const crd = exampleCrd('Widget', { schema: { type: 'object', properties: { spec: { type: 'object', properties } } } });
const CHART = {
  'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
  'charts/app/crds/widgets.yaml': JSON.stringify(crd),
  'charts/app/templates/widget.yaml':
    'apiVersion: example.com/v1\nkind: Widget\nmetadata:\n  name: w\nspec:\n  field7:\n    value: {{ .Values.size }}\n',
  'charts/app/templates/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: cm\n  labels:\n    app: one\n    app: two\n',
};
const config = (size: number) =>
  tsConfig(`{ packages: { app: mkHelmChart({ name: 'app', chart: './charts/app', values: { size: ${size} } }) } }`);

/**
 * A render after an edit (the built CLI, real helm): the config is evaluated
 * with compiled code kept from earlier runs, unchanged documents come from
 * the store of the last render, and custom resources are checked against
 * their CRD pruned to what they set, so a value change costs little.
 */
describe('mesh render after one value changed (real helm, a local chart with a CRD)', () => {
  test('keeps compiled code beside the program, reuses the stored documents, and checks the new values all the same', async () => {
    const cwd = makeProject({ 'mesh.config.ts': config(1), ...CHART });
    const cache = mkdtempSync(join(tmpdir(), 'mesh-cache-'));
    const render = async () => runMesh(['render'], { cwd, env: { MESH_CACHE_DIR: cache } });

    const first = await render();
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain('ConfigMap/cm: key "app" is repeated');
    // The compiled code of mesh itself (its CLI, jiti, sucrase) is kept beside the program, not with the project's renders.
    expect(existsSync(join(cache, 'code'))).toBe(false);
    const [id] = readFileSync(join(projectRoot, 'dist', 'cli-bundle', 'mesh.cjs.id'), 'utf8').split(' ');
    expect(readdirSync(join(projectRoot, 'dist', '.code-cache')).filter((name) => name.startsWith(`cli-${id}-render-`))).toHaveLength(1);
    expect(readdirSync(join(cache, 'documents'))).toHaveLength(1);

    writeFileSync(join(cwd, 'mesh.config.ts'), config(2));
    const second = await render();
    expect(second.code, second.stderr).toBe(0);
    expect(readFileSync(join(cwd, 'result', 'manifest.yaml'), 'utf8')).toContain('value: 2');
    // The repeated key is still reported, from the stored document.
    expect(second.stderr).toContain('ConfigMap/cm: key "app" is repeated');

    writeFileSync(join(cwd, 'mesh.config.ts'), config(-3));
    const third = await render();
    expect(third.code).toBe(1);
    expect(third.stderr).toContain('app: Widget/w: spec.field7.value: expected a number >= 0, found number -3');
  });

  test('two projects with a target of the same name keep their documents apart in one cache', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'mesh-cache-'));
    for (const size of [1, 2]) {
      const cwd = makeProject({ 'mesh.config.ts': config(size), ...CHART });
      const run = await runMesh(['render'], { cwd, env: { MESH_CACHE_DIR: cache } });
      expect(run.code, run.stderr).toBe(0);
    }
    expect(readdirSync(join(cache, 'documents'))).toHaveLength(2);
  });

  test('reads whole only the CRDs whose kinds objects use; of the others, their small head is enough', async () => {
    const gadget = exampleCrd('Gadget', { schema: { type: 'object', properties: { spec: { type: 'object', properties } } } });
    // As YAML, as charts write CRDs: a CRD in JSON is read as any other document.
    const cwd = makeProject({
      'mesh.config.ts': config(1),
      ...CHART,
      'charts/app/crds/widgets.yaml': stringify(crd),
      'charts/app/crds/gadgets.yaml': stringify(gadget),
      // Asking makes mesh work out what the render set's CRDs serve.
      'charts/app/templates/gated.yaml':
        '{{- if .Capabilities.APIVersions.Has "example.com/v1/Gadget" }}\napiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: gadgets-served\n{{- end }}\n',
    });
    const cache = mkdtempSync(join(tmpdir(), 'mesh-cache-'));
    const render = async () => runMesh(['render'], { cwd, env: { MESH_CACHE_DIR: cache } });
    const wholeOf = (kind: string) =>
      readdirSync(join(cache, 'crds')).filter(
        (f) => !f.endsWith('.head.json') && readFileSync(join(cache, 'crds', f), 'utf8').includes(`"kind":"${kind}"`),
      );

    expect((await render()).code).toBe(0);
    // Even on a cold cache, the unused CRD is read only as far as its head.
    expect(wholeOf('Gadget')).toEqual([]);
    expect(wholeOf('Widget')).toHaveLength(1);
    expect(readdirSync(join(cache, 'crds')).filter((f) => f.endsWith('.head.json'))).toHaveLength(2);

    writeFileSync(join(cwd, 'mesh.config.ts'), config(2));
    const second = await render();
    expect(second.code, second.stderr).toBe(0);
    // No Gadget is rendered: its CRD was read only as far as its head, and served API versions came from heads too.
    expect(wholeOf('Gadget')).toEqual([]);
    expect(readFileSync(join(cwd, 'result', 'manifest.yaml'), 'utf8')).toContain('name: gadgets-served');
    expect(wholeOf('Widget')).toHaveLength(1);

    writeFileSync(join(cwd, 'mesh.config.ts'), config(-1));
    const third = await render();
    expect(third.code).toBe(1);
    expect(third.stderr).toContain('app: Widget/w: spec.field7.value: expected a number >= 0, found number -1');
  });
});
