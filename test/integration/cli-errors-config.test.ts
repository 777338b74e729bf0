import { mkdirSync, realpathSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { expectUserError } from '../helpers/cli-expect.js';
import { makeProject, tsConfig } from '../helpers/project.js';

// Bad config files: exit 2, the file (and line:col where there is one) named, a hint, never a stack.
describe('mesh with a missing or broken config', () => {
  test('no config anywhere: exit 2, says which folders it searched and which file names', async () => {
    const dir = makeProject({});
    const sub = join(dir, 'deploy', 'k8s');
    mkdirSync(sub, { recursive: true });
    const run = await runMesh(['list'], { cwd: sub });
    const [inner, outer] = [realpathSync(sub), realpathSync(dir)];
    expectUserError(
      run,
      2,
      `no mesh config found in ${inner}, ${join(inner, '..')}, ${outer}`,
      'mesh.config.ts',
      'mesh.config.json',
      'mesh.config.yaml',
      '--config',
    );
  });

  test('--config naming a file that does not exist: exit 2, names it', async () => {
    const dir = makeProject({ 'mesh.config.ts': tsConfig('{}') });
    const run = await runMesh(['--config', 'missing.ts', 'render'], { cwd: dir });
    expectUserError(run, 2, '--config missing.ts: no such file', join(realpathSync(dir), 'missing.ts'));
  });

  test('a misspelt argument of an mk* function, which no type check caught: exit 2 at its line, with a did-you-mean', async () => {
    const dir = makeProject({ 'mesh.config.ts': tsConfig("{\n  packages: {\n    istiod: mkIstiod({ namespce: 'mesh' }),\n  },\n}") });
    const run = await runMesh(['list'], { cwd: dir });
    expectUserError(
      run,
      2,
      /^mesh: error: mesh\.config\.ts:5:\d+: mkIstiod\(\): unknown field "namespce"; did you mean "namespace"\?$/m,
      'hint: mkIstiod takes name, namespace, version, repo, values',
    );
  });

  test('a TypeScript syntax error: exit 2 at mesh.config.ts:line:col', async () => {
    const dir = makeProject({
      'mesh.config.ts': "import { defineConfig } from 'k3d-mesh';\n\nexport default defineConfig({\n  packages: {\n    a: ,\n  },\n});\n",
    });
    expectUserError(await runMesh(['list'], { cwd: dir }), 2, /^mesh: error: mesh\.config\.ts:5:\d+: syntax error/m);
  });

  test('a config that throws while evaluated: exit 2 at the line:col of the throw, with its message', async () => {
    const body =
      "import { defineConfig } from 'k3d-mesh';\n\nfunction clusters(): never {\n  throw new Error('no clusters for this laptop');\n}\n\nexport default defineConfig({ clusters: clusters() });\n";
    const dir = makeProject({ 'mesh.config.ts': body });
    expectUserError(await runMesh(['list'], { cwd: dir }), 2, /^mesh: error: mesh\.config\.ts:4:\d+: no clusters for this laptop$/m);
  });

  test('a JSON syntax error (trailing comma): exit 2 at mesh.config.json:line:col', async () => {
    const dir = makeProject({
      'mesh.config.json':
        '{\n  "packages": {\n    "ns": { "apiVersion": "v1", "kind": "Namespace", "metadata": { "name": "ns" } },\n  }\n}\n',
    });
    expectUserError(await runMesh(['list'], { cwd: dir }), 2, /^mesh: error: mesh\.config\.json:4:3: /m);
  });

  // Node 20's JSON.parse says "Unexpected token ..." without "at position N" for a missing
  // value, and quotes the whole file: mesh must still find line:col and say it on one line.
  test('a JSON syntax error (missing value): exit 2 at mesh.config.json:line:col, on one line', async () => {
    const dir = makeProject({ 'mesh.config.json': '{\n  "istio": {\n    "version": ,\n  }\n}\n' });
    const run = await runMesh(['list'], { cwd: dir });
    expectUserError(run, 2, /^mesh: error: mesh\.config\.json:3:\d+: /m);
    expectUserError(run, 2, /^mesh: error: .*\n {2}hint: /);
  });

  test('a YAML syntax error: exit 2 at mesh.config.yaml:line:col', async () => {
    const dir = makeProject({ 'mesh.config.yaml': 'packages:\n  ns:\n    apiVersion: v1\n   kind: Namespace\n' });
    expectUserError(await runMesh(['list'], { cwd: dir }), 2, /^mesh: error: mesh\.config\.yaml:4:\d+: /m, 'YAML');
  });
});

describe('mesh with a config that loads but is wrong', () => {
  test('a value of the wrong type: exit 2 naming packages.<target>.values.pilot', async () => {
    const dir = makeProject({
      'mesh.config.ts': tsConfig("{ packages: { 'istio-istiod': mkIstiod({ values: { pilot: 'big' as never } }) } }"),
    });
    expectUserError(
      await runMesh(['render'], { cwd: dir }),
      2,
      /^ {2}packages\.istio-istiod\.values\.pilot: expected an object, found string "big"$/m,
      'fix it in mesh.config.ts',
    );
  });

  test('a cluster and a package with the same name: exit 2, names both and says to rename one', async () => {
    const dir = makeProject({
      'mesh.config.ts': tsConfig("{ clusters: { dev: mkClusterConfig({}) }, packages: { dev: mkNamespace({ name: 'dev' }) } }"),
    });
    expectUserError(await runMesh(['list'], { cwd: dir }), 2, /^ {2}packages\.dev: "dev" is also a cluster name; .*another name$/m);
  });

  test('an invalid target name: exit 2, says the rule and suggests a valid name', async () => {
    const dir = makeProject({
      'mesh.config.ts': tsConfig("{ packages: { My_Chart: mkHelmChart({ name: 'my-chart', chart: './chart' }) } }"),
    });
    expectUserError(
      await runMesh(['list'], { cwd: dir }),
      2,
      /^ {2}packages\.My_Chart: target name "My_Chart" must be a DNS-1123 label.*; try "my-chart"$/m,
    );
  });

  test('an invalid cluster name: exit 2 naming clusters.<name>', async () => {
    const dir = makeProject({ 'mesh.config.ts': tsConfig('{ clusters: { Dev_Cluster: mkClusterConfig({}) } }') });
    expectUserError(
      await runMesh(['list'], { cwd: dir }),
      2,
      /^ {2}clusters\.Dev_Cluster: cluster name "Dev_Cluster" must be a DNS-1123 label/m,
    );
  });

  test("an import of 'mesh' instead of 'k3d-mesh': at the import, with the package's name, no require stack", async () => {
    const dir = makeProject({
      'mesh.config.ts': "// the config\nimport { defineConfig } from 'mesh';\n\nexport default defineConfig({});\n",
    });
    const run = await runMesh(['list'], { cwd: dir });
    expectUserError(run, 2, 'mesh.config.ts:2:30: cannot import "mesh": no such module; did you mean "k3d-mesh"?', "from 'k3d-mesh'");
    expect(run.stderr).not.toContain('Require stack');
  });

  test('an Istio repository without a scheme: named with where it came from (flag, .env, config), exit 2', async () => {
    const dir = makeProject({
      'mesh.config.ts': tsConfig('{ packages: { base: mkIstioBase() } }'),
      '.env': 'MESH_ISTIO_REPO=blob.istio.io/charts\n',
    });
    expectUserError(
      await runMesh(['list'], { cwd: dir }),
      2,
      'MESH_ISTIO_REPO=blob.istio.io/charts (from .env): expected an http(s):// or oci:// URL; did you mean "https://blob.istio.io/charts"?',
    );
    expectUserError(
      await runMesh(['--istio-repo', '127.0.0.1:18931', 'list'], { cwd: dir }),
      2,
      '--istio-repo 127.0.0.1:18931: expected an http(s):// or oci:// URL; did you mean "http://127.0.0.1:18931"?',
    );
  });

  test('a .env line that is not KEY=value is named with its line, and the run goes on', async () => {
    const dir = makeProject({
      'mesh.config.ts': tsConfig('{ packages: {} }'),
      '.env': '# settings\nMESH_ISTIO_VERSION=1.30.3\nMESH_ISTIO_REPO http://example.test\nexport OK=1\nTEXT="two\nlines"\n',
    });
    const run = await runMesh(['list'], { cwd: dir });
    expect(run.code, run.stderr).toBe(0);
    expect(run.stderr).toBe('warning: .env:3: "MESH_ISTIO_REPO http://example.test" is not KEY=value; it is ignored\n');
  });
});
