import { existsSync, realpathSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { describe, expect, inject, test } from 'vitest';
import { runMesh } from '../helpers/cli.js';
import { expectUserError } from '../helpers/cli-expect.js';
import { makeProject, tsConfig } from '../helpers/project.js';
import { ociTest } from '../helpers/oci.js';

/** A project whose one target `app` is the chart given, in mkHelmChart's words. */
function chartProject(chart: string): string {
  return makeProject({ 'mesh.config.ts': tsConfig(`{ packages: { app: mkHelmChart({ name: 'app', ${chart} }) } }`) });
}

/** A port on 127.0.0.1 that nothing listens on: bound once to find it, then closed. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}

// A chart that cannot be fetched is a failed render: exit 1, with the target, chart, version and
// repo named, helm's own words kept, and a hint. Nothing is written.
describe('mesh render with a chart that cannot be fetched (real helm)', () => {
  test('a version the repository does not have: exit 1 naming target, chart, version and repo', async () => {
    const repo = inject('istioRepoUrl');
    const dir = chartProject(`chart: 'istiod', repo: '${repo}', version: '1.29.99'`);
    const run = await runMesh(['render'], { cwd: dir });
    expectUserError(
      run,
      1,
      `app: chart "istiod" has no version "1.29.99" in the repository ${repo}`,
      '  helm: ',
      'hint: it has 1.30.3; give one of them, or leave version out to use the newest',
    );
    expect(existsSync(join(dir, 'result'))).toBe(false);
    expect(existsSync(join(dir, 'mesh.lock.json'))).toBe(false);
  });

  test('a chart the repository does not have: exit 1 naming chart and repo', async () => {
    const repo = inject('istioRepoUrl');
    const dir = chartProject(`chart: 'istio-cni', repo: '${repo}'`);
    expectUserError(
      await runMesh(['render'], { cwd: dir }),
      1,
      `app: chart "istio-cni" is not in the repository ${repo}`,
      'check the chart name',
    );
  });

  test('a repository nothing answers on (a closed port on 127.0.0.1): exit 1, cannot be reached', async () => {
    const repo = `http://127.0.0.1:${await closedPort()}`;
    const dir = chartProject(`chart: 'base', repo: '${repo}', version: '1.30.3'`);
    expectUserError(
      await runMesh(['render'], { cwd: dir }),
      1,
      `app: chart repository ${repo} cannot be reached`,
      'connection refused',
      'check the repo URL',
    );
  });

  test('the Istio repository unreachable through MESH_ISTIO_REPO: exit 1, and the hint names the variable', async () => {
    const repo = `http://127.0.0.1:${await closedPort()}`;
    const dir = makeProject({ 'mesh.config.ts': tsConfig("{ packages: { 'istio-base': mkIstioBase() } }") });
    const run = await runMesh(['render'], { cwd: dir, env: { MESH_ISTIO_REPO: repo, MESH_ISTIO_VERSION: '1.30.3' } });
    expectUserError(run, 1, `istio-base: chart repository ${repo} cannot be reached`, 'MESH_ISTIO_REPO');
  });

  ociTest('an OCI tag the registry does not have: exit 1 naming the reference and the version', async () => {
    const ref = `oci://${inject('ociRegistry')}/charts/base`;
    const dir = chartProject(`chart: '${ref}', version: '1.29.99', plainHttp: true`);
    const run = await runMesh(['render'], { cwd: dir });
    expectUserError(
      run,
      1,
      `app: ${ref} version "1.29.99" was not found in the OCI registry ${inject('ociRegistry')}`,
      `the tags pushed to ${ref}`,
    );
  });

  ociTest('an OCI chart the registry does not have: exit 1 naming the reference', async () => {
    const ref = `oci://${inject('ociRegistry')}/charts/no-such-chart`;
    const dir = chartProject(`chart: '${ref}', version: '1.30.3', plainHttp: true`);
    expectUserError(await runMesh(['render'], { cwd: dir }), 1, `app: ${ref} version "1.30.3" was not found in the OCI registry`);
  });

  ociTest('an OCI registry without TLS and no plainHttp: exit 1, the hint says to set plainHttp', async () => {
    const dir = chartProject(`chart: 'oci://${inject('ociRegistry')}/charts/base', version: '1.30.3'`);
    expectUserError(
      await runMesh(['render'], { cwd: dir }),
      1,
      `app: OCI registry ${inject('ociRegistry')} speaks plain HTTP`,
      'plainHttp: true',
    );
  });

  test('a local chart path that does not exist: exit 2 (bad config), naming the path', async () => {
    const dir = chartProject("chart: './charts/app'");
    const run = await runMesh(['render'], { cwd: dir });
    expectUserError(
      run,
      2,
      `app: chart ${join(realpathSync(dir), 'charts', 'app')} does not exist`,
      "relative paths start at the config file's folder",
    );
  });

  test('one bad chart among good targets: exit 1, the good ones are not written either', async () => {
    const repo = inject('istioRepoUrl');
    const body = `{ packages: { ns: mkNamespace({ name: 'apps' }), 'istio-base': mkIstioBase({ repo: '${repo}', version: '1.30.3' }), app: mkHelmChart({ name: 'app', chart: 'base', repo: '${repo}', version: '0.0.1' }) } }`;
    const dir = makeProject({ 'mesh.config.ts': tsConfig(body) });
    expectUserError(await runMesh(['render'], { cwd: dir }), 1, 'app: chart "base" has no version "0.0.1"');
    expect(existsSync(join(dir, 'result'))).toBe(false);
  });
});
