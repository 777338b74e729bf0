import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { cleanUpLifecycle, cluster, commandLines, fakes, mesh, said } from '../helpers/lifecycle.js';
import { makeProject, tsConfig } from '../helpers/project.js';

cleanUpLifecycle();
const made: string[] = [];
afterEach(() => made.splice(0).forEach((dir) => rmSync(dir, { recursive: true, force: true })));

const PORT = 18570;

// A chart whose objects follow its values: ConfigMap keep always, ConfigMap extra and a CRD when asked.
const CHART = {
  'charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
  'charts/app/templates/objects.yaml': `apiVersion: v1
kind: ConfigMap
metadata:
  name: keep
data: { a: "1" }
{{- if .Values.extra }}
---
apiVersion: v1
kind: ConfigMap
metadata:
  name: extra
data: { b: "2" }
{{- end }}
{{- if .Values.crd }}
---
apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: widgets.example.com
spec:
  group: example.com
  scope: Namespaced
  names: { kind: Widget, plural: widgets, singular: widget, listKind: WidgetList }
  versions:
    - name: v1
      served: true
      storage: true
      schema: { openAPIV3Schema: { type: object, x-kubernetes-preserve-unknown-fields: true } }
{{- end }}
`,
};

function project(values: Record<string, boolean>, withOther = true): string {
  const other = withOther
    ? `, other: mkHelmChart({ name: 'other', chart: './charts/app', namespace: 'side', values: { extra: true } })`
    : '';
  const body = `{ clusters: { dev: ${cluster(PORT)} }, packages: { app: mkHelmChart({ name: 'app', chart: './charts/app', namespace: 'apps', values: ${JSON.stringify(values)} })${other} } }`;
  const dir = made.at(-1) ?? makeProject({ 'mesh.config.ts': tsConfig(body), ...CHART });
  if (!made.includes(dir)) made.push(dir);
  writeFileSync(join(dir, 'mesh.config.ts'), tsConfig(body));
  return dir;
}

const names = async (tools: ReturnType<typeof fakes>, args: string[]) =>
  (await tools.run('kubectl', ['--context', 'k3d-dev', 'get', ...args, '-o', 'name'])).stdout.trim().split('\n').filter(Boolean);

describe('deploy prunes what a target no longer renders (fake k3d, kubectl and docker; real helm)', () => {
  test('an object dropped from a chart is deleted, and nothing else; CRDs only with --prune-crds', async () => {
    const tools = fakes();
    const cwd = project({ extra: true, crd: true });
    const first = await mesh(tools, cwd, ['up', '--no-checks']);
    expect(first.code, said(first)).toBe(0);
    expect(await names(tools, ['configmap', '-n', 'apps'])).toEqual(expect.arrayContaining(['configmap/extra', 'configmap/keep']));

    project({ extra: false, crd: false });
    const second = await mesh(tools, cwd, ['deploy']);
    expect(second.code, said(second)).toBe(0);
    expect(second.stderr).toContain('app: ConfigMap/extra in apps is no longer rendered and is deleted');
    expect(second.stderr).toContain(
      'app: CustomResourceDefinition/widgets.example.com is no longer rendered; kept, as CRDs are only pruned with --prune-crds',
    );
    expect(await names(tools, ['configmap', '-n', 'apps'])).not.toContain('configmap/extra');
    expect(await names(tools, ['configmap', '-n', 'apps'])).toContain('configmap/keep');
    expect(await names(tools, ['crd'])).toContain('customresourcedefinition.apiextensions.k8s.io/widgets.example.com');
    // Nothing else was deleted.
    expect(
      commandLines(tools)
        .filter((c) => c.includes(' delete '))
        .map((c) => c.replace(/^kubectl --context k3d-dev /, '')),
    ).toEqual(['-n apps delete configmap extra --ignore-not-found --wait=true']);

    const third = await mesh(tools, cwd, ['deploy', '--prune-crds']);
    expect(third.code, said(third)).toBe(0);
    expect(await names(tools, ['crd'])).not.toContain('customresourcedefinition.apiextensions.k8s.io/widgets.example.com');
  });

  test('a target no longer in the config has what it applied deleted; an object another tool took over is left alone', async () => {
    const tools = fakes();
    const cwd = project({ extra: true });
    expect((await mesh(tools, cwd, ['up', '--no-checks'])).code).toBe(0);
    // Someone else takes `extra` of target other over: their value, forced, so mesh's field manager owns nothing of it.
    const taken = await tools.run(
      'kubectl',
      ['--context', 'k3d-dev', 'apply', '--server-side', '--field-manager=someone', '--force-conflicts', '-n', 'side', '-f', '-'],
      {
        input: 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: extra\ndata: { b: "3" }\n',
      },
    );
    expect(taken.code, taken.stderr).toBe(0);

    project({ extra: true }, false);
    const run = await mesh(tools, cwd, ['deploy']);
    expect(run.code, said(run)).toBe(0);
    expect(run.stderr).toContain('other is no longer deployed to this cluster; removing what it applied');
    expect(await names(tools, ['configmap', '-n', 'side'])).toEqual(['configmap/extra']);
    expect(run.stderr).toContain('other: ConfigMap/extra in side is no longer rendered, but mesh no longer manages it; left alone');
    expect(await names(tools, ['configmap', '-n', 'apps'])).toEqual(expect.arrayContaining(['configmap/extra', 'configmap/keep']));
  });
});
