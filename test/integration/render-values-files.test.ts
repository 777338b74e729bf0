import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { chartsRepoDir } from '../helpers/paths.js';
import { makeProject } from '../helpers/project.js';
import { runMesh } from '../helpers/cli.js';

// kube-state-metrics 8.4.0 from the real charts' repository, with the values files its authors test it with (its ci/ folder).
const ARCHIVE = join(chartsRepoDir, 'kube-state-metrics-8.4.0.tgz');
const ciFile = (name: string) => execFileSync('tar', ['-xzOf', ARCHIVE, `kube-state-metrics/ci/${name}`], { encoding: 'utf8' });

const config = (files: string[], values: Record<string, unknown> = {}) =>
  `import { mkHelmChart } from 'k3d-mesh';\nexport default { packages: { ksm: mkHelmChart(${JSON.stringify({
    name: 'ksm',
    chart: 'kube-state-metrics',
    repo: inject('chartsRepoUrl'),
    version: '8.4.0',
    namespace: 'monitoring',
    valuesFiles: files,
    values,
  })}) } };\n`;

function project(files: string[], values?: Record<string, unknown>): string {
  const dir = makeProject({ 'mesh.config.ts': config(files, values) });
  mkdirSync(join(dir, 'ci'));
  for (const name of ['03-servicemonitor-values.yaml', '04-self-monitor-values.yaml']) writeFileSync(join(dir, 'ci', name), ciFile(name));
  return dir;
}

const objects = (text: string) => text.split('\n').filter((line) => !line.startsWith('#'));
const manifest = (dir: string) => readFileSync(join(dir, 'result', 'ksm', 'manifest.yaml'), 'utf8');

describe('valuesFiles: YAML values files that helm itself reads, in order, before `values`', () => {
  test('renders kube-state-metrics with its own ci/ values files exactly as `helm template -f` does', async () => {
    const files = ['ci/03-servicemonitor-values.yaml', 'ci/04-self-monitor-values.yaml'];
    const dir = project(files);
    const run = await runMesh(['render'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    const plain = execFileSync(
      inject('helmPath'),
      ['template', 'ksm', ARCHIVE, '--namespace', 'monitoring', '--include-crds', ...files.flatMap((f) => ['--values', join(dir, f)])],
      { encoding: 'utf8' },
    );
    expect(objects(manifest(dir))).toEqual(objects(plain));
    // The ServiceMonitor the first file enables, with the self-monitoring port the second adds.
    expect(manifest(dir)).toMatch(/^kind: ServiceMonitor$/m);
    expect(manifest(dir)).toContain('jobLabel: app.kubernetes.io/name');
  });

  test('`values` win over the files, key by key; an edited file renders again, though nothing else changed', async () => {
    const dir = project(['ci/03-servicemonitor-values.yaml'], { prometheus: { monitor: { jobLabel: 'inline' } } });
    const env = { MESH_CACHE_DIR: join(dir, '.cache') };
    expect((await runMesh(['render'], { cwd: dir, env })).code).toBe(0);
    // helm merges the maps: the file's other keys stay.
    expect(manifest(dir)).toContain('jobLabel: inline');
    expect(manifest(dir)).toContain('release: prometheus');
    expect((await runMesh(['render'], { cwd: dir, env })).stdout).toContain('up to date');

    const file = join(dir, 'ci', '03-servicemonitor-values.yaml');
    writeFileSync(file, readFileSync(file, 'utf8').replace('release: prometheus', 'release: edited'));
    const again = await runMesh(['render'], { cwd: dir, env });
    expect(again.stdout).toContain('1 rendered by helm');
    expect(manifest(dir)).toContain('release: edited');
  });

  test('a missing file, a folder or a file that is not YAML: exit 2, naming target and file, and nothing written', async () => {
    const none = project(['ci/nope.yaml']);
    const missing = await runMesh(['render'], { cwd: none });
    expect(existsSync(join(none, 'result'))).toBe(false);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^mesh: error: ksm: values file \S+\/ci\/nope\.yaml does not exist$/m);
    expect(missing.stderr).toContain("a relative path starts at the config file's folder");

    const folder = await runMesh(['render'], { cwd: project(['ci']) });
    expect(folder.stderr).toMatch(/ksm: values file \S+\/ci is a folder, not a file/);

    const dir = project(['ci/bad.yaml']);
    writeFileSync(join(dir, 'ci', 'bad.yaml'), 'a: [\n b: c\n');
    const bad = await runMesh(['render'], { cwd: dir });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(
      /ksm: values file \S+\/ci\/bad\.yaml given to chart kube-state-metrics 8\.4\.0 is not valid YAML: yaml: line 2: did not find expected ',' or '\]'/,
    );
    expect(bad.stderr).not.toMatch(/\n\s+at /);

    const list = project(['ci/list.yaml']);
    writeFileSync(join(list, 'ci', 'list.yaml'), '- 1\n- 2\n');
    expect((await runMesh(['render'], { cwd: list })).stderr).toMatch(
      /values file \S+\/ci\/list\.yaml given to chart .* is not a mapping of keys to values/,
    );
  });

  test('the ServiceMonitor a ci/ file turns on, bound for a cluster mesh creates that nothing brings its CRD to, is warned about', async () => {
    const dir = project(['ci/03-servicemonitor-values.yaml']);
    const chart = config(['ci/03-servicemonitor-values.yaml'])
      .replace('import { mkHelmChart }', 'import { mkClusterConfig, mkExistingCluster, mkHelmChart }')
      .replace('export default { packages:', 'export default { clusters: CLUSTERS, packages:');
    const warning =
      /^warning: ksm: a ServiceMonitor \(monitoring\.coreos\.com\/v1\) goes to cluster dev, which mesh creates, but no target brings the CRD of ServiceMonitor: not checked/m;

    writeFileSync(join(dir, 'mesh.config.ts'), chart.replace('CLUSTERS', '{ dev: mkClusterConfig() }'));
    const created = await runMesh(['render'], { cwd: dir });
    expect(created.code).toBe(0);
    expect(created.stderr).toMatch(warning);

    writeFileSync(join(dir, 'mesh.config.ts'), chart.replace('CLUSTERS', "{ dev: mkExistingCluster({ context: 'ops' }) }"));
    const existing = await runMesh(['render'], { cwd: dir });
    expect(existing.code).toBe(0);
    expect(existing.stderr).toBe('');
  });
});
