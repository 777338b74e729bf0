import { mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { expectUserError } from '../helpers/cli-expect.js';
import {
  cleanUpLifecycle,
  cluster,
  commandLines,
  fakeClusters,
  fakes,
  ISTIO_PACKAGES,
  lifecycleProject,
  mesh,
  said,
} from '../helpers/lifecycle.js';

cleanUpLifecycle();

const PORT = 18450;
const CONFIG = `{ clusters: { 'cluster-a': ${cluster(PORT)}, 'cluster-b': ${cluster(PORT + 1)} }, packages: ${ISTIO_PACKAGES} }`;

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** Nothing was changed: no k3d create, no kubectl at all, no cluster. */
function expectUntouched(tools: ReturnType<typeof fakes>): void {
  const calls = commandLines(tools);
  expect(calls.filter((c) => c.startsWith('k3d cluster create') || c.startsWith('k3d cluster start'))).toEqual([]);
  expect(calls.filter((c) => c.startsWith('kubectl --context'))).toEqual([]);
  expect(fakeClusters(tools)).toEqual([]);
}

describe('mesh up on a machine that is not ready (fake k3d, kubectl and docker)', () => {
  test('docker daemon down: exit 1 before touching anything, the failed check and its fix', async () => {
    const tools = fakes();
    tools.setFaults({ docker: { daemon: 'down' } });
    const run = await mesh(tools, lifecycleProject(CONFIG), ['up']);
    expect(run.code, said(run)).toBe(1);
    expect(run.stderr).toContain('mesh up stopped before changing anything; 1 check failed:');
    expect(run.stderr).toContain(
      '✖ docker daemon reachable: the docker daemon is not reachable: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    );
    expect(run.stderr).toMatch(
      /^ +fix: start Docker \(Docker Desktop, `sudo systemctl start docker`, or colima start\) and check `docker info`$/m,
    );
    expect(run.stderr).toMatch(/^ +hint: fix them, then run `mesh up` again/m);
    expect(run.stderr).toContain('↓ create cluster cluster-a (skipped: needs checks, which failed)');
    expectUntouched(tools);
  });

  test('a chart that does not render: no cluster is created for it', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(
      `{ clusters: { 'cluster-a': ${cluster(18499)} }, packages: { app: mkHelmChart({ name: 'app', chart: './charts/app', namespace: 'apps', values: { broken: true } }) } }`,
    );
    writeFileSync(
      join(cwd, 'charts', 'app', 'templates', 'broken.yaml'),
      '{{- if .Values.broken }}\n{{ required "set image.tag" .Values.image }}\n{{- end }}\n',
    );
    const run = await mesh(tools, cwd, ['up']);
    expect(run.code, said(run)).toBe(1);
    expect(run.stderr).toContain('set image.tag');
    expect(run.stderr).toContain('↓ create cluster cluster-a (skipped: needs render:cluster-a, which failed)');
    expect(fakeClusters(tools)).toEqual([]);
  });

  test('mesh verify of a cluster that was never created says so, not what kubectl makes of its missing context', async () => {
    const tools = fakes();
    const run = await mesh(tools, lifecycleProject(CONFIG), ['verify']);
    expect(run.code, said(run)).toBe(1);
    expect(run.stderr).toContain('verify cluster-a: cluster cluster-a does not exist, so there is nothing to verify');
    expect(run.stderr).toContain('hint: create it and deploy to it with mesh up --cluster cluster-a');
    expect(run.stderr).not.toContain('kubeconfig');
  });

  test('k3d missing from PATH: exit 1 before touching anything, "k3d is not installed" and where to get it', async () => {
    const tools = fakes();
    // The fake kubectl and docker, but no k3d; node stays reachable for the fakes' shebang.
    const bin = mkdtempSync(join(tmpdir(), 'mesh-no-k3d-'));
    cleanups.push(() => rmSync(bin, { recursive: true, force: true }));
    for (const tool of ['kubectl', 'docker']) symlinkSync(join(tools.bin, tool), join(bin, tool));
    const run = await mesh(tools, lifecycleProject(CONFIG), ['up'], { env: { PATH: [bin, dirname(process.execPath)].join(delimiter) } });
    expect(run.code, said(run)).toBe(1);
    expect(run.stderr).toContain('✖ k3d installed: k3d is not installed: mesh creates its clusters with it');
    expect(run.stderr).toMatch(/^ +fix: install k3d 5\.5\.0 or newer \(https:\/\/k3d\.io\/#installation\), or set MESH_K3D$/m);
    expect(commandLines(tools).filter((c) => c.startsWith('k3d '))).toEqual([]);
    expectUntouched(tools);
  });

  test('k3d older than 5.5.0: exit 1 before touching anything, naming the version and how to upgrade', async () => {
    const tools = fakes();
    tools.setFaults({ versions: { k3d: 'v5.4.6' } });
    const run = await mesh(tools, lifecycleProject(CONFIG), ['up']);
    expect(run.code, said(run)).toBe(1);
    expect(run.stderr).toMatch(
      /✖ k3d installed: k3d v5\.4\.6 at \S+ is too old: mesh needs k3d 5\.5\.0 or newer, which reads k3d\.io\/v1alpha5 configs from stdin/,
    );
    expect(run.stderr).toMatch(/^ +fix: upgrade k3d to 5\.5\.0 or newer/m);
    expectUntouched(tools);
  });

  test('a host port of the config already in use: exit 1 before touching anything, naming the port, the cluster and the fix', async () => {
    const tools = fakes();
    const server: Server = createServer();
    await new Promise<void>((listening) => server.listen({ port: PORT + 1, host: '0.0.0.0' }, listening));
    cleanups.push(() => server.close());
    const run = await mesh(tools, lifecycleProject(CONFIG), ['up']);
    expect(run.code, said(run)).toBe(1);
    expect(run.stderr).toContain(`✖ host port ${PORT + 1} free (cluster-b): port ${PORT + 1} is in use`);
    expect(run.stderr).toContain(
      `fix: stop what listens on ${PORT + 1} (\`sudo lsof -i :${PORT + 1}\`), or map other host ports in the cluster's \`ports\``,
    );
    // The free port of cluster-a is not reported, and neither cluster is created.
    expect(run.stderr).not.toContain(`host port ${PORT} free (cluster-a): port`);
    expectUntouched(tools);
  });

  test('a host port docker holds but the probe cannot see (fake docker: port taken): k3d create fails, naming the port and the fix', async () => {
    const tools = fakes();
    tools.setFaults({ ports: { taken: [PORT] } });
    const run = await mesh(tools, lifecycleProject(CONFIG), ['up']);
    expect(run.code, said(run)).toBe(1);
    expect(run.stderr).toMatch(
      new RegExp(`^ {2}✖ create cluster cluster-a: k3d could not create cluster "cluster-a": host port ${PORT} is already in use$`, 'm'),
    );
    expect(run.stderr).toMatch(/^ +k3d: FATA\[0000\] Cluster creation FAILED, all changes have been rolled back!$/m);
    expect(run.stderr).toContain('hint: change the ports in the cluster config');
    expect(run.stderr).toContain('↓ verify cluster-a (skipped: needs create:cluster-a, which failed)');
    expect(fakeClusters(tools).map((c) => c.name)).toEqual(['cluster-b']);
  });
});

describe('bad arguments to mesh up exit 2 before any tool runs (fake k3d, kubectl and docker on PATH)', () => {
  test('--timeout nonsense', async () => {
    const tools = fakes();
    const run = await mesh(tools, lifecycleProject(CONFIG), ['up', '--timeout', 'nonsense']);
    expectUserError(run, 2, '--timeout nonsense: expected a duration such as 90s, 5m or 1m30s', 'hint: e.g. --timeout 10m');
    expect(tools.calls()).toEqual([]);
  });

  test('--cluster of a name the config does not have, with did-you-mean for a near miss', async () => {
    const tools = fakes();
    const cwd = lifecycleProject(CONFIG);
    const nope = await mesh(tools, cwd, ['up', '--cluster', 'nope']);
    expectUserError(nope, 2, '--cluster nope: no such cluster in the config', "hint: the config's clusters: cluster-a, cluster-b");
    const typo = await mesh(tools, cwd, ['down', '--cluster', 'clustr-b']);
    expectUserError(typo, 2, '--cluster clustr-b: no such cluster in the config; did you mean "cluster-b"?');
    expect(tools.calls()).toEqual([]);
  });
});
