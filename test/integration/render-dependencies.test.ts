import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { c as tar, x as untar } from 'tar';
import { describe, expect, inject, test } from 'vitest';
import type { MeshError } from '../../lib/errors.js';
import { mkHelmChart, type HelmChartInput } from '../../lib/modules/helm.js';
import { chartsRepoDir, testdataDir } from '../helpers/paths.js';
import { helmVerbs, renderConfig, renderSetup, type RenderSetup } from '../helpers/render.js';
import { ociTest } from '../helpers/oci.js';

const values = { auth: { postgresPassword: 'fixed', password: 'fixed' } };

/**
 * bitnami's postgresql without its charts/ folder (as ../shared/testdata
 * has it), beside the config, its dependency `common` asked from `repository`.
 */
async function postgresWithoutCommon(setup: RenderSetup, repository: string, version = '2.x.x'): Promise<string> {
  await untar({ file: join(testdataDir, 'charts-nodeps', 'postgresql-17.1.0-nodeps.tgz'), cwd: setup.dir });
  const chartYaml = join(setup.dir, 'postgresql', 'Chart.yaml');
  const text = readFileSync(chartYaml, 'utf8');
  writeFileSync(
    chartYaml,
    text.replace('oci://registry-1.docker.io/bitnamicharts', repository).replace('version: 2.x.x', `version: ${version}`),
  );
  return join(setup.dir, 'postgresql');
}

/** Every file under a folder with its bytes, to prove nothing in it changed. */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((e) => e.isFile())
      .map((e) => [join(e.parentPath, e.name), readFileSync(join(e.parentPath, e.name), 'base64')]),
  );
}

/**
 * What `helm dependency build` and `helm template` by hand give, in a copy of
 * the chart beside it (so `file://..` paths hold). Its Chart.lock goes: the
 * repository was changed for the test, so it no longer matches.
 */
function byHand(chart: string, extra: string[] = []): string {
  const copy = mkdtempSync(join(dirname(chart), 'byhand-'));
  cpSync(chart, copy, { recursive: true });
  rmSync(join(copy, 'Chart.lock'), { force: true });
  const helm = inject('helmPath');
  execFileSync(helm, ['dependency', 'build', copy, ...extra], { stdio: 'ignore' });
  const valuesFile = `${copy}.values.json`;
  writeFileSync(valuesFile, JSON.stringify(values));
  return execFileSync(helm, ['template', 'pg', copy, '--namespace', 'db', '--include-crds', '--values', valuesFile], { encoding: 'utf8' });
}

const pg = (chart: string, extra: Partial<HelmChartInput> = {}) => ({
  packages: { pg: mkHelmChart({ name: 'pg', chart, namespace: 'db', values, ...extra }) },
});
// mesh heads each manifest with the target it is; the rest is helm's output as it was.
const manifest = (setup: RenderSetup) =>
  readFileSync(join(setup.dir, 'result', 'pg', 'manifest.yaml'), 'utf8').replace(/^# mesh target: pg\n/, '');

async function failure(promise: Promise<unknown>): Promise<MeshError> {
  return promise.then(
    () => {
      throw new Error('the render succeeded');
    },
    (error: unknown) => error as MeshError,
  );
}

describe('a local chart whose dependencies are not in its charts/ folder', () => {
  test('gets them as `helm dependency build` would, in the cache, leaving the chart folder as it was; the lock records them', async () => {
    const setup = renderSetup();
    const chart = await postgresWithoutCommon(setup, inject('chartsRepoUrl'));
    const before = snapshot(chart);
    const run = await renderConfig(pg(chart), setup);
    expect(manifest(setup)).toBe(byHand(chart));
    expect(snapshot(chart)).toEqual(before);
    const lock = JSON.parse(readFileSync(join(setup.dir, 'mesh.lock.json'), 'utf8'));
    expect(lock.charts[`${inject('chartsRepoUrl')}/common@2.x.x`]).toEqual({
      version: '2.31.10',
      digest: execFileSync('sha256sum', [join(chartsRepoDir, 'common-2.31.10.tgz')], { encoding: 'utf8' }).split(' ')[0],
    });
    expect(helmVerbs(run)).toContain('dependency');

    const again = await renderConfig(pg(chart, { values: { ...values, fullnameOverride: 'other' } }), setup);
    expect(helmVerbs(again)).not.toContain('dependency');
    expect(manifest(setup)).toContain('name: other');
  });

  ociTest('a packaged .tgz without them gets them too, from an OCI registry', async () => {
    const setup = renderSetup();
    const folder = await postgresWithoutCommon(setup, `oci://${inject('ociRegistry')}/charts`);
    const archive = join(setup.dir, 'postgresql-17.1.0-nodeps.tgz');
    await tar({ file: archive, gzip: true, cwd: setup.dir }, ['postgresql']);
    await renderConfig(pg(archive, { plainHttp: true }), setup);
    expect(manifest(setup)).toBe(byHand(folder, ['--plain-http']));
  });

  test('a dependency from a file:// path beside the chart', async () => {
    const setup = renderSetup();
    mkdirSync(join(setup.dir, 'libs'));
    await untar({ file: join(chartsRepoDir, 'common-2.31.10.tgz'), cwd: join(setup.dir, 'libs') });
    const chart = await postgresWithoutCommon(setup, 'file://../libs/common');
    const before = snapshot(chart);
    await renderConfig(pg(chart), setup);
    expect(manifest(setup)).toBe(byHand(chart));
    expect(snapshot(chart)).toEqual(before);
  });

  test('--locked refuses a dependency the lock does not have, naming it', async () => {
    const setup = renderSetup();
    const chart = await postgresWithoutCommon(setup, inject('chartsRepoUrl'));
    const error = await failure(renderConfig(pg(chart), setup, { lockMode: 'frozen' }));
    expect(error.message).toBe(
      `pg: mesh.lock.json has no entry for ${inject('chartsRepoUrl')}/common@2.x.x, a dependency of chart ${chart}`,
    );
    expect(error.hint).toContain('without --locked');
  });

  test('a version no release fits says which, in the chart path the user gave, without mesh cache paths', async () => {
    const setup = renderSetup();
    const chart = await postgresWithoutCommon(setup, inject('chartsRepoUrl'), '9.x.x');
    const error = await failure(renderConfig(pg(chart), setup));
    expect(error.message.split('\n')[0]).toBe(
      `pg: chart ${chart}: no version of its dependency fits: "common" (repository "${inject('chartsRepoUrl')}", version "9.x.x")`,
    );
    expect(error.message).not.toContain(setup.cacheDir);
    expect(error.hint).toContain('Chart.yaml');
  });

  test('a dependency from a repository name helm does not know says how to add it', async () => {
    const setup = renderSetup();
    const chart = await postgresWithoutCommon(setup, '"@nosuchrepo"');
    const error = await failure(renderConfig(pg(chart), setup));
    expect(error.message).toBe(
      `pg: chart ${chart}: helm knows no repository named @nosuchrepo, which a dependency is to come from (common from @nosuchrepo)`,
    );
    expect(error.hint).toBe(
      "add it to helm with `helm repo add nosuchrepo <URL>`, or give the repository's URL instead of @nosuchrepo in the chart's Chart.yaml",
    );
  });
});
