import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { x as untar } from 'tar';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { EXIT, type MeshError } from '../../lib/errors.js';
import { mkHelmChart } from '../../lib/modules/helm.js';
import type { HelmChartInput } from '../../lib/modules/helm.js';
import { testdataDir } from '../helpers/paths.js';
import { renderConfig, renderSetup } from '../helpers/render.js';

/** The render's error, for its message, hint and exit code. */
async function failure(chart: HelmChartInput, setup = renderSetup()): Promise<MeshError> {
  try {
    await renderConfig({ packages: { app: mkHelmChart(chart) } }, setup);
  } catch (error) {
    return error as MeshError;
  }
  throw new Error('the render succeeded');
}

/** A chart of our own beside the config, with one template and Chart.yaml lines. */
function localChart(setup: ReturnType<typeof renderSetup>, template: string, chartYaml = ''): string {
  const dir = join(setup.dir, 'charts', 'tiny');
  mkdirSync(join(dir, 'templates'), { recursive: true });
  writeFileSync(join(dir, 'Chart.yaml'), `apiVersion: v2\nname: tiny\nversion: 0.1.0\n${chartYaml}`);
  writeFileSync(join(dir, 'templates', 'cm.yaml'), template);
  return dir;
}

describe("helm's failures in the user's terms (real helm, real charts)", () => {
  test("a required value names the chart, the template and the chart's own message, without mesh's cache paths", async () => {
    const setup = renderSetup();
    const chart = localChart(
      setup,
      'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: x\ndata:\n  p: {{ required "set password" .Values.password }}\n',
    );
    const error = await failure({ name: 'app', chart }, setup);
    expect(error.message).toMatch(/^app: chart .*charts\/tiny stopped rendering at tiny\/templates\/cm\.yaml:6:\d+: set password$/m);
    expect(error.message).not.toContain('<<stdin');
    expect(error.message).not.toContain('--debug');
    expect(error.hint).toContain('`values`');
    expect(error.exitCode).toBe(EXIT.USAGE);
  });

  test("values that break the chart's values.schema.json say which (cert-manager)", async () => {
    const error = await failure({
      name: 'cm',
      chart: 'cert-manager',
      repo: inject('chartsRepoUrl'),
      version: 'v0.0.0',
      values: { replicaCount: 'two' },
    });
    expect(error.message.split('\n')[0]).toBe(
      "app: the values given to chart cert-manager v0.0.0 do not fit its values.schema.json: at '/replicaCount': got string, want number",
    );
    expect(error.message).not.toMatch(/\.tgz/);
    expect(error.exitCode).toBe(EXIT.USAGE);
  });

  test('a chart whose dependencies cannot be fetched says which, from where', async () => {
    const setup = renderSetup();
    await untar({ file: join(testdataDir, 'charts-nodeps', 'postgresql-17.1.0-nodeps.tgz'), cwd: setup.dir });
    const chart = join(setup.dir, 'postgresql');
    const chartYaml = readFileSync(join(chart, 'Chart.yaml'), 'utf8');
    // Nothing listens on port 9 of the loopback: the repository cannot be reached.
    writeFileSync(join(chart, 'Chart.yaml'), chartYaml.replace('oci://registry-1.docker.io/bitnamicharts', 'http://127.0.0.1:9'));
    const error = await failure({ name: 'pg', chart }, setup);
    expect(error.message).toBe(`app: chart ${chart}: the repository of a dependency cannot be reached (common from http://127.0.0.1:9)`);
    expect(error.message).not.toContain(setup.cacheDir);
    expect(error.hint).toContain('Chart.yaml');
  });

  test('a kubeVersion the chart does not support says both versions', async () => {
    const setup = renderSetup();
    const chart = localChart(setup, 'kind: ConfigMap\napiVersion: v1\nmetadata:\n  name: x\n', 'kubeVersion: ">=1.99.0-0"\n');
    const error = await failure({ name: 'app', chart }, setup);
    expect(error.message.split('\n')[0]).toMatch(
      /^app: chart .* requires Kubernetes >=1\.99\.0-0, and is rendered for Kubernetes v1\.\d+\.\d+$/,
    );
    expect(error.hint).toContain('kubeVersion');
  });

  test('a misspelt chart gets a did-you-mean from the repository index; a missing version, the versions it has', async () => {
    const repo = inject('chartsRepoUrl');
    const typo = await failure({ name: 'cm', chart: 'cert-manger', repo, version: 'v0.0.0' });
    expect(typo.message.split('\n')[0]).toBe(`app: chart "cert-manger" is not in the repository ${repo}; did you mean "cert-manager"?`);
    expect(typo.hint).toContain('pxc-operator');
    const version = await failure({ name: 'cm', chart: 'cert-manager', repo, version: 'v1.2.3' });
    expect(version.message.split('\n')[0]).toBe(`app: chart "cert-manager" has no version "v1.2.3" in the repository ${repo}`);
    expect(version.hint).toBe('it has v0.0.0; give one of them, or leave version out to use the newest');
    expect(version.exitCode).toBe(EXIT.FAILED);
  });
});
