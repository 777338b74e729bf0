import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ConfigError, MeshError } from '../../lib/errors.js';
import { helmAdapter, type HelmAdapter } from '../../lib/tools/helm/adapter.js';
import { observedRunner, type Command } from '../../lib/process/runner.js';
import { realRunner } from '../../lib/process/real-runner.js';
import { istioChartsDir } from '../helpers/paths.js';
import { ociTest } from '../helpers/oci.js';

interface Rendered {
  kind: string;
  metadata: { name: string; namespace?: string };
  [field: string]: unknown;
}

const helmPath = inject('helmPath');
const repoUrl = inject('istioRepoUrl');
const registry = inject('ociRegistry');

let work: string;
let cacheDir: string;
let destination: string;
let helm: HelmAdapter;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'mesh-helm-it-'));
  cacheDir = join(work, 'cache');
  destination = join(work, 'charts');
  helm = adapter();
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

describe('helm adapter with the real helm', () => {
  it('renders the Istio base chart from a local directory, with its 15 CRDs', async () => {
    const out = await helm.template(local('base', 'istio-system'));

    const crds = objects(out).filter((o) => o.kind === 'CustomResourceDefinition');
    expect(crds).toHaveLength(15);
    expect(crds.map((o) => o.metadata.name)).toContain('serviceentries.networking.istio.io');
    const reader = objects(out).find((o) => o.kind === 'ServiceAccount');
    expect(reader?.metadata).toMatchObject({ name: 'istio-reader-service-account', namespace: 'istio-system' });
  });

  it('pulls the newest base from the HTTP chart repo, naming the archive and version, and renders it like the local chart', async () => {
    const pulled = await helm.pull({ chart: 'base', repo: repoUrl, destination });

    expect(pulled).toEqual({ archive: join(destination, 'base-1.30.3.tgz'), version: '1.30.3' });
    expect(await readdir(destination)).toEqual(['base-1.30.3.tgz']);
    const fromRepo = await helm.template({ ...local('base', 'istio-system'), chartPath: pulled.archive });
    expect(fromRepo).toBe(await helm.template(local('base', 'istio-system')));
  });

  it('resolves a version range in the HTTP repo to the version it pulled', async () => {
    const pulled = await helm.pull({ chart: 'gateway', repo: repoUrl, version: '~1.30.0', destination });

    expect(pulled.version).toBe('1.30.3');
    expect(pulled.archive).toBe(join(destination, 'gateway-1.30.3.tgz'));
  });

  ociTest('pulls istiod from the OCI registry over plain HTTP and renders its Deployment', async () => {
    const pulled = await helm.pull({ chart: `oci://${registry}/charts/istiod`, version: '1.30.3', plainHttp: true, destination });

    expect(pulled).toEqual({ archive: join(destination, 'istiod-1.30.3.tgz'), version: '1.30.3' });
    const out = await helm.template({ ...local('istiod', 'istio-system'), chartPath: pulled.archive });
    const istiod = objects(out).find((o) => o.kind === 'Deployment' && o.metadata.name === 'istiod');
    expect(JSON.stringify(istiod)).toContain('"image":"docker.io/istio/pilot:1.30.3"');
  });

  ociTest('pulls the newest tag from the OCI registry when no version is given', async () => {
    const pulled = await helm.pull({ chart: `oci://${registry}/charts/base`, plainHttp: true, destination });

    expect(pulled.version).toBe('1.30.3');
  });

  it('passes the values on stdin, changing exactly the overridden field', async () => {
    const plain = objects(await helm.template(local('gateway', 'istio-ingress')));
    const custom = objects(
      await helm.template({ ...local('gateway', 'istio-ingress'), valuesYaml: 'resources:\n  requests:\n    cpu: 123m\n' }),
    );

    expect(differences(plain, custom)).toEqual([
      'Deployment/istio-ingress.spec.template.spec.containers.0.resources.requests.cpu: 100m -> 123m',
    ]);
  });

  it('gives the chart the Kubernetes version asked for', async () => {
    const chart = join(work, 'kube-version');
    await mkdir(join(chart, 'templates'), { recursive: true });
    await writeFile(join(chart, 'Chart.yaml'), 'apiVersion: v2\nname: kube-version\nversion: 0.1.0\n');
    await writeFile(
      join(chart, 'templates', 'cm.yaml'),
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: kv}\ndata: {v: "{{ .Capabilities.KubeVersion.Version }}"}\n',
    );

    const out = await helm.template({
      release: 'kv',
      chartPath: chart,
      namespace: 'default',
      valuesYaml: '',
      includeCrds: false,
      kubeVersion: '1.35.2',
    });

    expect(objects(out)[0]).toMatchObject({ data: { v: 'v1.35.2' } });
  });

  it('caches the version per binary, so a second adapter learns it without starting helm', async () => {
    const calls: Command[] = [];
    const recording = observedRunner(realRunner(), ({ command, result }) => result && calls.push(command));

    expect(await adapter(recording).version()).toBe('v4.1.4');
    expect(calls.map((c) => c.args.join(' '))).toEqual(['version --template {{.Version}}']);
    expect(await adapter(recording).version()).toBe('v4.1.4');
    expect(calls).toHaveLength(1);
    expect(Object.values(JSON.parse(await readFile(join(cacheDir, 'helm-version.json'), 'utf8')))).toMatchObject([{ version: 'v4.1.4' }]);
  });
});

describe('helm adapter errors with the real helm', () => {
  it('names the chart, version and repo when the HTTP repo lacks the version, and leaves nothing behind', async () => {
    const error = await failure(helm.pull({ chart: 'base', repo: repoUrl, version: '9.9.9', destination }));

    expect(error.exitCode).toBe(1);
    expect(error.message).toContain(`chart "base" has no version "9.9.9" in the repository ${repoUrl}`);
    expect(error.message).toContain(`helm: Error: chart "base" version "9.9.9" not found in ${repoUrl} repository`);
    expect(error.hint).toContain(`helm search repo mesh-check/base --versions`);
    expect(await readdir(destination)).toEqual([]);
  });

  it('names the chart when the HTTP repo does not have it', async () => {
    const error = await failure(helm.pull({ chart: 'nosuch', repo: repoUrl, destination }));

    expect(error.message).toContain(`chart "nosuch" is not in the repository ${repoUrl}`);
    expect(error.hint).toContain('check the chart name');
  });

  it('says the HTTP repo cannot be reached when nothing listens on its port', async () => {
    const closed = `http://127.0.0.1:${await closedPort()}`;
    const error = await failure(helm.pull({ chart: 'base', repo: closed, destination }));

    expect(error.exitCode).toBe(1);
    expect(error.message).toContain(`chart repository ${closed} cannot be reached`);
    expect(error.message).toContain('connection refused');
    expect(error.hint).toContain('MESH_ISTIO_REPO');
  });

  it('says the HTTP repo has no index.yaml when its URL is wrong', async () => {
    const wrong = `${repoUrl}/charts`;
    const error = await failure(helm.pull({ chart: 'base', repo: wrong, destination }));

    expect(error.message).toContain(`chart repository ${wrong} has no index.yaml (404)`);
    expect(error.message).toContain(`failed to fetch ${wrong}/index.yaml : 404 Not Found`);
  });

  ociTest('says which version the OCI registry lacks', async () => {
    const ref = `oci://${registry}/charts/base`;
    const error = await failure(helm.pull({ chart: ref, version: '9.9.9', plainHttp: true, destination }));

    expect(error.message).toContain(`${ref} version "9.9.9" was not found in the OCI registry ${registry}`);
    expect(error.message).toContain('helm: Error: failed to perform "FetchReference"');
  });

  ociTest('says no OCI tag matches a version range', async () => {
    const ref = `oci://${registry}/charts/base`;
    const error = await failure(helm.pull({ chart: ref, version: '>=2.0.0', plainHttp: true, destination }));

    expect(error.message).toContain(`no version of ${ref} matches ">=2.0.0"`);
  });

  ociTest('says the OCI registry does not have the chart', async () => {
    const ref = `oci://${registry}/charts/nosuch`;
    const error = await failure(helm.pull({ chart: ref, plainHttp: true, destination }));

    expect(error.message).toContain(`chart ${ref} is not in the OCI registry ${registry}`);
  });

  it('says the OCI registry cannot be reached when nothing listens on its port', async () => {
    const host = `127.0.0.1:${await closedPort()}`;
    const error = await failure(helm.pull({ chart: `oci://${host}/charts/base`, version: '1.30.3', plainHttp: true, destination }));

    expect(error.message).toContain(`OCI registry ${host} cannot be reached`);
  });

  ociTest('suggests plainHttp when the registry speaks HTTP and the chart asks for HTTPS', async () => {
    const error = await failure(helm.pull({ chart: `oci://${registry}/charts/base`, destination }));

    expect(error.message).toContain(`OCI registry ${registry} speaks plain HTTP`);
    expect(error.hint).toContain('plainHttp: true');
  });

  it('reports a missing local chart as a config error (exit 2)', async () => {
    const missing = join(istioChartsDir, 'no-such-chart');
    const error = await failure(helm.template(local('no-such-chart', 'default')));

    expect(error).toBeInstanceOf(ConfigError);
    expect(error.exitCode).toBe(2);
    expect(error.message).toContain(`chart path ${missing} does not exist`);
    expect(existsSync(missing)).toBe(false);
  });
});

function adapter(runner = realRunner()): HelmAdapter {
  return helmAdapter({ runner, env: { ...process.env, MESH_HELM: helmPath }, cacheDir });
}

function local(chart: string, namespace: string) {
  return {
    release: chart === 'gateway' ? 'istio-ingress' : chart,
    chartPath: join(istioChartsDir, chart),
    namespace,
    valuesYaml: '',
    includeCrds: true,
  };
}

function objects(yaml: string): Rendered[] {
  return parseAllDocuments(yaml)
    .map((doc) => doc.toJS() as Rendered | null)
    .filter((o): o is Rendered => o !== null);
}

async function failure(promise: Promise<unknown>): Promise<MeshError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  expect(error).toBeInstanceOf(MeshError);
  return error as MeshError;
}

/** Every leaf that differs between two renders, as `Kind/name.path: before -> after`. */
function differences(before: Rendered[], after: Rendered[]): string[] {
  expect(after.map(id)).toEqual(before.map(id));
  return before.flatMap((object, i) => leafDiff(object, after[i], id(object)));
}

function id(object: Rendered): string {
  return `${object.kind}/${object.metadata.name}`;
}

function leafDiff(a: unknown, b: unknown, path: string): string[] {
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].flatMap((key) => leafDiff((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${path}.${key}`));
  }
  return a === b ? [] : [`${path}: ${String(a)} -> ${String(b)}`];
}

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', () => done()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((done) => server.close(() => done()));
  return port;
}
