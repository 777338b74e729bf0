import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments } from 'yaml';
import { describe, expect, inject, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { noKubectlMessage, realKubectl } from '../helpers/kubectl.js';
import { projectRoot } from '../helpers/paths.js';
import { makeProject, tsConfig } from '../helpers/project.js';

const run = promisify(execFile);
const env = () => ({ MESH_ISTIO_REPO: inject('istioRepoUrl'), MESH_ISTIO_VERSION: '1.30.3' });

interface Obj {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; annotations?: Record<string, string> };
  spec?: Record<string, unknown>;
}

const objects = (text: string): Obj[] =>
  parseAllDocuments(text)
    .map((d) => d.toJS() as Obj | null)
    .filter((o): o is Obj => !!o?.kind);
const read = (...path: string[]) => objects(readFileSync(join(...path), 'utf8'));

// A chart of the kind GitOps trips on: an object that names no namespace, a
// cluster-wide one, one in a namespace nothing creates, and a test hook.
const APP_CHART = {
  'infra/charts/app/Chart.yaml': 'apiVersion: v2\nname: app\nversion: 0.1.0\n',
  'infra/charts/app/templates/config.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: app-config\ndata:\n  mode: "on"\n',
  'infra/charts/app/templates/role.yaml':
    'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata:\n  name: app-reader\nrules: []\n',
  'infra/charts/app/templates/sa.yaml': 'apiVersion: v1\nkind: ServiceAccount\nmetadata:\n  name: app-runner\n  namespace: jobs\n',
  'infra/charts/app/templates/test.yaml':
    'apiVersion: v1\nkind: Pod\nmetadata:\n  name: app-test\n  annotations:\n    "helm.sh/hook": test\nspec:\n  containers:\n    - name: t\n      image: busybox\n',
};

/** Two clusters: a gets Istio and the app, b the app alone; the config sits in infra/ of a Git checkout. */
function project(gitops = "{ repo: 'https://git.example.com/team/infra.git', revision: 'main' }"): string {
  const dir = makeProject({
    ...APP_CHART,
    'infra/mesh.config.ts': tsConfig(`{
  clusters: { a: mkClusterConfig(), b: mkClusterConfig() },
  packages: {
    'istio-base': mkIstioBase(),
    istiod: mkIstiod(),
    app: mkHelmChart({ name: 'app', chart: './charts/app', namespace: 'apps' }),
  },
  deploy: { b: ['app'] },
  gitops: ${gitops},
}`),
  });
  mkdirSync(join(dir, '.git'));
  return join(dir, 'infra');
}

const id = (o: Obj) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;

describe('mesh render --format kustomize|argocd|flux (real helm, real kubectl kustomize, the engines’ real CRDs)', () => {
  test.skipIf(!realKubectl)(
    `kubectl kustomize of each cluster folder gives what mesh deploys there ${realKubectl ? '' : `(${noKubectlMessage})`}`,
    async () => {
      const cwd = project();
      const plain = await runMesh(['render'], { cwd, env: env() });
      expect(plain.code, plain.stderr).toBe(0);
      const exported = await runMesh(['render', '--format', 'kustomize', '--out', 'gitops'], { cwd, env: env() });
      expect(exported.stderr).toBe('');
      expect(exported.code).toBe(0);
      expect(readdirSync(join(cwd, 'gitops')).sort()).toEqual(['.mesh-result.json', 'clusters', 'targets']);
      for (const cluster of ['a', 'b']) {
        const { stdout } = await run(realKubectl!, ['kustomize', join(cwd, 'gitops', 'clusters', cluster)], { maxBuffer: 64 << 20 });
        const got = objects(stdout);
        const rendered = read(cwd, 'result', cluster, 'manifest.yaml');
        // What deploy applies: the rendered objects without test hooks, each namespaced one in its target's
        // namespace, after the namespaces that no target creates.
        const made = got.filter((o) => o.kind === 'Namespace' && !rendered.some((r) => id(r) === id(o))).map((o) => o.metadata.name);
        expect(made).toEqual(cluster === 'a' ? ['apps', 'istio-system', 'jobs'] : ['apps', 'jobs']);
        const expected = rendered
          .filter((o) => o.metadata.annotations?.['helm.sh/hook'] !== 'test')
          .map((o) =>
            o.kind === 'ConfigMap' && o.metadata.name === 'app-config' ? { ...o, metadata: { ...o.metadata, namespace: 'apps' } } : o,
          );
        expect(got.slice(made.length)).toEqual(expected);
      }
      const b = objects((await run(realKubectl!, ['kustomize', join(cwd, 'gitops', 'clusters', 'b')])).stdout);
      expect(b.find((o) => o.kind === 'ClusterRole')!.metadata.namespace).toBeUndefined();
      expect(b.find((o) => o.kind === 'ServiceAccount')!.metadata.namespace).toBe('jobs');
      expect(b.find((o) => o.kind === 'ConfigMap')!.metadata.namespace).toBe('apps');
    },
  );

  test('argocd: an Application per target and cluster, in sync waves of apply order, valid against Argo CD’s CRD', async () => {
    const cwd = project();
    const out = await runMesh(['render', '--format', 'argocd', '--out', 'gitops'], { cwd, env: env() });
    expect(out.code, out.stderr).toBe(0);
    const apps = new Map<string, Obj>(
      ['a', 'b'].flatMap((c) =>
        readdirSync(join(cwd, 'gitops', 'argocd', c)).map((f) => [`${c}/${f}`, read(cwd, 'gitops', 'argocd', c, f)[0]!]),
      ),
    );
    const wave = (key: string) => Number(apps.get(key)!.metadata.annotations!['argocd.argoproj.io/sync-wave']);
    expect([...apps.keys()].sort()).toEqual([
      'a/app.yaml',
      'a/istio-base.yaml',
      'a/istiod.yaml',
      'a/namespaces.yaml',
      'b/app.yaml',
      'b/namespaces.yaml',
    ]);
    expect([wave('a/namespaces.yaml'), wave('a/istio-base.yaml'), wave('a/istiod.yaml'), wave('a/app.yaml')]).toEqual([0, 1, 2, 1]);
    const istiod = apps.get('a/istiod.yaml')!;
    expect(istiod.metadata).toMatchObject({ name: 'a-istiod', namespace: 'argocd' });
    expect(istiod.spec).toMatchObject({
      source: { repoURL: 'https://git.example.com/team/infra.git', targetRevision: 'main', path: 'infra/gitops/targets/istiod' },
      destination: { name: 'a', namespace: 'istio-system' },
    });
    const root = read(cwd, 'gitops', 'argocd', 'a.yaml')[0]!;
    expect(root.spec).toMatchObject({
      source: { path: 'infra/gitops/argocd/a' },
      destination: { name: 'in-cluster', namespace: 'argocd' },
    });
    expect(readFileSync(join(cwd, 'gitops', 'argocd', 'argocd-cm-patch.yaml'), 'utf8')).toContain(
      'resource.customizations.health.argoproj.io_Application',
    );
    await expectValidAgainst('argocd-application-crd.yaml', [root, ...apps.values()]);
    // The same inputs give the same bytes: a second export writes nothing.
    const again = await runMesh(['render', '--format', 'argocd', '--out', 'gitops', '--json'], { cwd, env: env() });
    const summary = JSON.parse(again.stdout) as { format: string; written: boolean; targets: Array<{ name: string; files: string[] }> };
    expect(summary).toMatchObject({ format: 'argocd', written: false });
    expect(summary.targets.find((t) => t.name === 'istiod')!.files).toEqual([
      'targets/istiod/kustomization.yaml',
      'targets/istiod/manifest.yaml',
    ]);
    expect(summary.targets.find((t) => t.name === 'b')!.files).toEqual([
      'argocd/b.yaml',
      'argocd/b/app.yaml',
      'argocd/b/namespaces.yaml',
      'clusters/b/kustomization.yaml',
      'clusters/b/namespaces/kustomization.yaml',
      'clusters/b/namespaces/namespaces.yaml',
    ]);
  });

  test('flux: a Kustomization per target, dependsOn what it needs, health checks for what deploy waits for, valid against Flux’s CRD', async () => {
    const cwd = project("{ flux: { source: { kind: 'GitRepository', name: 'infra' } } }");
    const out = await runMesh(['render', '--format', 'flux', '--out', 'gitops'], { cwd, env: env() });
    expect(out.code, out.stderr).toBe(0);
    const listed = read(cwd, 'gitops', 'flux', 'a', 'kustomization.yaml')[0] as unknown as { resources: string[] };
    expect(listed.resources).toEqual(['mesh-namespaces.yaml', 'istio-base.yaml', 'istiod.yaml', 'app.yaml']);
    const ks = listed.resources.map((f) => read(cwd, 'gitops', 'flux', 'a', f)[0]!);
    const istiod = ks.find((k) => k.metadata.name === 'istiod')!;
    expect(istiod.metadata.namespace).toBe('flux-system');
    expect(istiod.spec).toMatchObject({
      path: './infra/gitops/targets/istiod',
      sourceRef: { kind: 'GitRepository', name: 'infra' },
      dependsOn: [{ name: 'mesh-namespaces' }, { name: 'istio-base' }],
      prune: true,
    });
    expect(istiod.spec!.healthChecks).toContainEqual({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      name: 'istiod',
      namespace: 'istio-system',
    });
    const base = ks.find((k) => k.metadata.name === 'istio-base')!;
    expect(base.spec!.healthChecks).toContainEqual({
      apiVersion: 'apiextensions.k8s.io/v1',
      kind: 'CustomResourceDefinition',
      name: 'serviceentries.networking.istio.io',
    });
    await expectValidAgainst('flux-kustomization-crd.yaml', ks);
  });

  test('argocd without gitops.repo: exit 2, naming the field and where to set it; nothing written', async () => {
    const cwd = project('{}');
    const out = await runMesh(['render', '--format', 'argocd', '--out', 'gitops'], { cwd, env: env() });
    expect(out.code).toBe(2);
    expect(out.stderr).toMatch(/^mesh: error: --format argocd: .*\(gitops\.repo\)\n {2}hint: add gitops: \{ repo: /);
    expect(() => readdirSync(join(cwd, 'gitops'))).toThrow();
  });

  test('an unknown format is refused with the ones there are', async () => {
    const cwd = project();
    const out = await runMesh(['render', '--format', 'helmfile'], { cwd, env: env() });
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('result, kustomize, argocd, flux');
  });
});

/**
 * Checks objects against a CRD as an API server would, with mesh's own
 * validation: a config of two object targets, the CRD and the objects. A
 * broken copy of the first object proves the check bites.
 */
async function expectValidAgainst(crdFile: string, given: Obj[]): Promise<void> {
  const crd = read(projectRoot, 'test', 'data', 'gitops', crdFile)[0]!;
  const config = (items: unknown[]) => JSON.stringify({ packages: { crd, objects: items } });
  const valid = makeProject({ 'mesh.config.json': config(given) });
  const ok = await runMesh(['render'], { cwd: valid, env: {} });
  expect(ok.stderr).toBe('');
  expect(ok.code).toBe(0);
  const broken = structuredClone(given[0]!) as Obj & { spec: Record<string, unknown> };
  broken.spec.prune = 'yes';
  broken.spec.source = 42;
  const bad = await runMesh(['render'], { cwd: makeProject({ 'mesh.config.json': config([broken]) }), env: {} });
  expect(bad.code).toBe(1);
  expect(bad.stderr).toMatch(/spec\.(source|prune)/);
}
