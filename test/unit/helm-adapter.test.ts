import { writeFileSync } from 'node:fs';
import { mkdtemp, readdir, rm, utimes } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ConfigError, ToolError } from '../../lib/errors.js';
import { bundledTool } from '../../lib/tools/helm/bundled.js';
import { helmAdapter } from '../../lib/tools/helm/adapter.js';
import type { Command } from '../../lib/process/runner.js';
import { FakeRunner } from '../helpers/fake-runner.js';
import { executable, failure } from '../helpers/errors.js';

// The real bundled helm would be found on linux x64; these tests decide what is installed.
vi.mock('../../lib/tools/helm/bundled.js', () => ({ bundledTool: vi.fn(async () => undefined) }));

const REPO = 'https://charts.example.test/istio';
let work: string;
let fakeHelm: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'mesh-helm-unit-'));
  fakeHelm = executable(join(work, 'bin', 'helm'));
  vi.mocked(bundledTool).mockReset().mockResolvedValue(undefined);
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('finding helm', () => {
  it('with no helm anywhere, says how to install it', async () => {
    const error = await failure(adapterWith(new FakeRunner(), { PATH: join(work, 'empty') }).ensureInstalled());

    expect(error.exitCode).toBe(1);
    expect(error.message).toContain('helm is not installed');
    expect(error.hint).toContain('https://helm.sh/docs/intro/install/');
    expect(error.hint).toContain('MESH_HELM');
  });

  it('with a fake helm on PATH, prefers it to the bundled one', async () => {
    const helm = await adapterWith(new FakeRunner(), { PATH: join(work, 'bin') }).ensureInstalled();

    expect(helm).toBe(fakeHelm);
    expect(bundledTool).not.toHaveBeenCalled();
  });

  it('with no helm on PATH, falls back to the bundled one', async () => {
    vi.mocked(bundledTool).mockResolvedValue('/cache/tools/helm-layer-2.2.2/helm');

    expect(await adapterWith(new FakeRunner(), { PATH: '' }).ensureInstalled()).toBe('/cache/tools/helm-layer-2.2.2/helm');
  });
});

describe('helm version', () => {
  it('with a fake helm that is v3.7.2, refuses it as too old for OCI charts', async () => {
    const error = await failure(adapterWith(fake('v3.7.2')).version());

    expect(error.message).toBe(`helm v3.7.2 at ${fakeHelm} is too old: mesh needs Helm 3.8 or newer for OCI charts`);
    expect(error.hint).toContain('MESH_HELM');
  });

  it('with a fake helm that is v3.8.0, accepts it', async () => {
    expect(await adapterWith(fake('v3.8.0')).version()).toBe('v3.8.0');
  });

  it('with a fake helm that prints no version, says so', async () => {
    const error = await failure(adapterWith(fake('oops')).version());

    expect(error.message).toContain('could not read the version of helm');
  });

  it('with a fake helm that is replaced by a new binary, asks the new one', async () => {
    const runner = fake('v4.1.4');
    expect(await adapterWith(runner).version()).toBe('v4.1.4');
    expect(await adapterWith(runner).version()).toBe('v4.1.4');
    expect(runner.lines()).toEqual(['helm version --template {{.Version}}']);

    await utimes(fakeHelm, new Date(), new Date(Date.now() + 60_000));
    await adapterWith(runner).version();

    expect(runner.lines()).toHaveLength(2);
  });
});

describe('helm and an OCI registry without TLS', () => {
  const chart = 'oci://127.0.0.1:5000/charts/base';
  it('with a fake helm that is v3.12.3, refuses plainHttp before pulling: --plain-http came with 3.13', async () => {
    const runner = fake('v3.12.3');
    const error = await failure(adapterWith(runner).pull({ chart, version: '1.30.3', plainHttp: true, destination: join(work, 'c') }));

    expect(error.message).toBe(`helm v3.12.3 at ${fakeHelm} cannot reach ${chart} over plain HTTP: \`--plain-http\` came with Helm 3.13`);
    expect(error.hint).toContain('3.13 or newer');
    expect(runner.lines().filter((line) => line.startsWith('helm pull'))).toEqual([]);
  });

  it('with a fake helm that is v3.12.3, refuses it for the dependencies of a local chart too', async () => {
    const runner = fake('v3.12.3');
    const error = await failure(adapterWith(runner).dependencyBuild({ chartDir: work, shownChart: './app', plainHttp: true }));
    expect(error.message).toContain('cannot reach the dependencies of ./app over plain HTTP');
  });

  it('with a fake helm that is v3.13.0, pulls with --plain-http', async () => {
    const runner = fake('v3.13.0').on('helm pull', writesArchive('base-1.30.3.tgz'));
    await adapterWith(runner).pull({ chart, version: '1.30.3', plainHttp: true, destination: join(work, 'c') });
    expect(runner.lines().find((line) => line.startsWith('helm pull'))).toContain('--plain-http');
  });
});

describe('helm pull and template', () => {
  it('with a fake helm that writes base-1.30.3.tgz, returns the archive and the version from its name', async () => {
    const runner = fake('v4.1.4').on('helm pull', writesArchive('base-1.30.3.tgz'));
    const destination = join(work, 'charts');

    const pulled = await adapterWith(runner).pull({ chart: 'base', repo: REPO, version: '~1.30', destination });

    expect(pulled).toEqual({ archive: join(destination, 'base-1.30.3.tgz'), version: '1.30.3' });
    expect(await readdir(destination)).toEqual(['base-1.30.3.tgz']);
    expect(runner.lines().find((line) => line.startsWith('helm pull'))).toMatch(
      /^helm pull base --repo https:\/\/charts\.example\.test\/istio --version ~1\.30 --destination \S+\/charts\/\.pull-\w+$/,
    );
  });

  it('with a fake helm that writes an archive not named after the chart, reads the version from its Chart.yaml', async () => {
    const runner = fake('v4.1.4')
      .on('helm pull', writesArchive('download.tgz'))
      .on('helm show chart', { stdout: 'apiVersion: v2\nname: istiod\nversion: 1.30.3\n' });

    const pulled = await adapterWith(runner).pull({
      chart: 'oci://registry.test/charts/istiod:1.30.3',
      plainHttp: true,
      repo: REPO,
      destination: work,
    });

    expect(pulled.version).toBe('1.30.3');
    expect(runner.lines().find((line) => line.startsWith('helm pull'))).toMatch(
      /^helm pull oci:\/\/registry\.test\/charts\/istiod:1\.30\.3 --plain-http --destination /,
    );
  });

  it('with a fake helm that renders, hands it the values on stdin and the flags asked for', async () => {
    const runner = fake('v4.1.4').on('helm template', { stdout: 'kind: ConfigMap\n' });

    const out = await adapterWith(runner).template({
      release: 'istiod',
      chartPath: '/charts/istiod',
      namespace: 'istio-system',
      valuesYaml: 'pilot: {replicaCount: 2}\n',
      includeCrds: true,
      kubeVersion: '1.35.2',
    });

    expect(out).toBe('kind: ConfigMap\n');
    const call = runner.calls.find((c) => c.args[0] === 'template') as Command;
    expect(call.args).toEqual([
      'template',
      'istiod',
      '/charts/istiod',
      '--namespace',
      'istio-system',
      '--include-crds',
      '--kube-version',
      '1.35.2',
      '--values',
      '-',
    ]);
    expect(call.input).toBe('pilot: {replicaCount: 2}\n');
  });
});

describe('helm failures', () => {
  const cases: Array<{ name: string; chart: string; stderr: string; message: string; hint: string }> = [
    {
      name: 'says the repo lacks the version',
      chart: 'base',
      stderr: `Error: chart "base" version "9.9.9" not found in ${REPO} repository`,
      message: `chart "base" has no version "9.9.9" in the repository ${REPO}`,
      hint: 'helm search repo mesh-check/base --versions',
    },
    {
      name: 'says the repo lacks the chart',
      chart: 'basic',
      stderr: `Error: chart "basic" not found in ${REPO} repository`,
      message: `chart "basic" is not in the repository ${REPO}`,
      hint: 'check the chart name',
    },
    {
      name: 'cannot resolve the repo host',
      chart: 'base',
      stderr: `Error: looks like "${REPO}" is not a valid chart repository or cannot be reached: Get "${REPO}/index.yaml": dial tcp: lookup charts.example.test on 10.0.0.53:53: no such host`,
      message: `chart repository ${REPO} cannot be reached`,
      hint: 'MESH_ISTIO_REPO',
    },
    {
      name: 'times out on the repo',
      chart: 'base',
      stderr: `Error: looks like "${REPO}" is not a valid chart repository or cannot be reached: Get "${REPO}/index.yaml": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`,
      message: `chart repository ${REPO} cannot be reached`,
      hint: 'your network',
    },
    {
      name: 'gets a 404 for index.yaml',
      chart: 'base',
      stderr: `Error: looks like "${REPO}" is not a valid chart repository or cannot be reached: failed to fetch ${REPO}/index.yaml : 404 Not Found`,
      message: `chart repository ${REPO} has no index.yaml (404)`,
      hint: 'repo URL',
    },
    {
      name: 'gets manifest unknown from the registry',
      chart: 'oci://registry.test/charts/base',
      stderr:
        'Error: failed to perform "FetchReference" on source: GET "https://registry.test/v2/charts/base/manifests/9.9.9": response status code 404: manifest unknown: manifest unknown',
      message: 'oci://registry.test/charts/base version "9.9.9" was not found in the OCI registry registry.test',
      hint: 'tags pushed',
    },
    {
      name: 'is refused by the registry',
      chart: 'oci://registry.test/charts/base',
      stderr:
        'Error: failed to perform "FetchReference" on source: GET "https://registry.test/v2/charts/base/manifests/9.9.9": response status code 401: unauthorized: authentication required',
      message: 'OCI registry registry.test refused access to oci://registry.test/charts/base',
      hint: 'helm registry login registry.test',
    },
    {
      name: 'cannot resolve the registry host',
      chart: 'oci://registry.test/charts/base',
      stderr:
        'Error: failed to perform "FetchReference" on source: Get "https://registry.test/v2/charts/base/manifests/9.9.9": dial tcp: lookup registry.test on 10.0.0.53:53: no such host',
      message: 'OCI registry registry.test cannot be reached (pulling oci://registry.test/charts/base)',
      hint: 'check that the registry is running',
    },
  ];

  for (const c of cases) {
    it(`with a fake helm that ${c.name}, names it, gives a hint and keeps helm's output`, async () => {
      const runner = fake('v4.1.4').on('helm pull', { exitCode: 1, stderr: `${c.stderr}\n` });
      const repo = c.chart.startsWith('oci://') ? {} : { repo: REPO };

      const error = await failure(adapterWith(runner).pull({ chart: c.chart, version: '9.9.9', destination: work, ...repo }));

      expect(error).not.toBeInstanceOf(ToolError);
      expect(error.exitCode).toBe(1);
      expect(error.message.split('\n')).toEqual([c.message, `  helm: ${c.stderr}`]);
      expect(error.hint).toContain(c.hint);
      expect(error.cause).toBeInstanceOf(ToolError);
    });
  }

  it('with a fake helm that finds no chart at the path, reports a config error (exit 2)', async () => {
    const runner = fake('v4.1.4').on('helm template', { exitCode: 1, stderr: 'Error: path "/charts/nope" not found\n' });

    const error = await failure(
      adapterWith(runner).template({ release: 'x', chartPath: '/charts/nope', namespace: 'default', valuesYaml: '', includeCrds: false }),
    );

    expect(error).toBeInstanceOf(ConfigError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain('chart path /charts/nope does not exist');
  });

  it('with a fake helm that fails in a way mesh does not know, reports the command, exit code and stderr', async () => {
    const runner = fake('v4.1.4').on('helm template', { exitCode: 1, stderr: 'Error: template: istiod/templates/x.yaml:3:4: bad\n' });

    const error = await failure(
      adapterWith(runner).template({
        release: 'x',
        chartPath: '/charts/istiod',
        namespace: 'default',
        valuesYaml: 'a: 1\n',
        includeCrds: false,
      }),
    );

    expect(error).toBeInstanceOf(ToolError);
    expect(error.message).toContain(`\`${fakeHelm} template x /charts/istiod --namespace default --values - <<stdin\` exited with code 1`);
    expect(error.message).toContain('istiod/templates/x.yaml:3:4: bad');
  });
});

describe("helm's garbage collector", () => {
  it('runs less often in helm than Go would by default (GOGC=400), unless the user set GOGC', async () => {
    const template = { release: 'x', chartPath: '/charts/istiod', namespace: 'default', valuesYaml: '', includeCrds: false };
    const runner = fake('v4.1.4').on('helm template', { stdout: '' });
    await adapterWith(runner).template(template);
    expect(runner.calls.find((c) => c.args[0] === 'template')?.env).toEqual({ GOGC: '400' });
    const theirs = fake('v4.1.4').on('helm template', { stdout: '' });
    await adapterWith(theirs, { MESH_HELM: fakeHelm, GOGC: '100' }).template(template);
    expect(theirs.calls.find((c) => c.args[0] === 'template')?.env).toEqual({ GOGC: '100' });
  });
});

function adapterWith(runner: FakeRunner, env: Record<string, string> = { MESH_HELM: fakeHelm }) {
  return helmAdapter({ runner, env, cacheDir: join(work, 'cache') });
}

function fake(version: string): FakeRunner {
  return new FakeRunner().on('helm version', { stdout: version });
}

function writesArchive(name: string) {
  return (command: Command) => {
    writeFileSync(join(command.args[command.args.indexOf('--destination') + 1] ?? '', name), 'archive');
    return {};
  };
}
