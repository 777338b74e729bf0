import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import { installFakes, type InstalledFakes } from '../fakes/install.js';

const REAL_DOCKER = '/usr/local/bin/docker';
// The real client can only show its daemon-down output where no daemon runs.
const realClientWithoutDaemon = existsSync(REAL_DOCKER) && !existsSync('/var/run/docker.sock');
const DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n';

let fakes: InstalledFakes;
beforeEach(() => {
  fakes = installFakes();
});
afterEach(() => fakes.cleanup());

function realDocker(args: string[]) {
  const env = { ...process.env };
  delete env.DOCKER_HOST;
  delete env.DOCKER_CONTEXT;
  const result = spawnSync(REAL_DOCKER, args, { encoding: 'utf8', env: { ...env, HOME: fakes.home } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('fake docker', () => {
  it('reports the engine with docker info', async () => {
    fakes.setFaults({ docker: { info: { NCPU: 4, MemTotal: 8 * 1024 ** 3 } } });
    const result = await fakes.run('docker', ['info', '--format', '{{json .}}']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    const info = JSON.parse(result.stdout);
    expect(info).toMatchObject({ ServerVersion: '28.2.2', NCPU: 4, MemTotal: 8 * 1024 ** 3, OSType: 'linux' });
    expect(await fakes.run('docker', ['info', '--format', '{{.ServerVersion}}'])).toEqual({ code: 0, stdout: '28.2.2\n', stderr: '' });
  });

  it('removes a network that only stopped containers are on, as docker does; k3d then cannot start them; ps -a still lists them', async () => {
    expect((await fakes.run('docker', ['network', 'create', 'shared'])).code).toBe(0);
    const config = 'apiVersion: k3d.io/v1alpha5\nkind: Simple\nmetadata:\n  name: b\nnetwork: shared\n';
    expect((await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config })).code).toBe(0);
    const running = await fakes.run('docker', ['network', 'rm', 'shared']);
    expect(running.stderr).toMatch(/has active endpoints/);
    expect((await fakes.run('k3d', ['cluster', 'stop', 'b'])).code).toBe(0);
    expect((await fakes.run('docker', ['ps', '--filter', 'network=shared', '--format', '{{.Names}}'])).stdout).toBe('');
    expect((await fakes.run('docker', ['ps', '-a', '--filter', 'network=shared', '--format', '{{.Names}}'])).stdout).toBe(
      'k3d-b-server-0\nk3d-b-serverlb\n',
    );
    expect(await fakes.run('docker', ['network', 'rm', 'shared'])).toEqual({ code: 0, stdout: 'shared\n', stderr: '' });
    const start = await fakes.run('k3d', ['cluster', 'start', 'b']);
    expect(start.code).toBe(1);
    expect(start.stderr).toContain('Error response from daemon: network shared not found');
  });

  it('prints the client-only info, the error and exit 1 when the daemon is down', async () => {
    fakes.setFaults({ docker: { daemon: 'down' } });
    const result = await fakes.run('docker', ['info', '--format', '{{json .}}']);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(DOWN);
    const info = JSON.parse(result.stdout);
    expect(info).toMatchObject({ ServerVersion: '', NCPU: 0, MemTotal: 0, ClientInfo: { Version: '28.2.2', Context: 'default' } });
    expect(await fakes.run('docker', ['info', '--format', '{{.ServerVersion}}'])).toEqual({ code: 1, stdout: '\n', stderr: DOWN });
  });

  it.runIf(realClientWithoutDaemon)('matches the real docker client without a daemon', async () => {
    fakes.setFaults({ docker: { daemon: 'down' } });
    for (const args of [['info', '--format', '{{json .}}'], ['info'], ['version'], ['network', 'inspect', 'k3d-east'], ['network', 'ls']]) {
      const real = realDocker(args);
      const fake = await fakes.run('docker', args);
      expect({ args, code: fake.code, stderr: fake.stderr }).toEqual({ args, code: real.code, stderr: real.stderr });
      if (args[1] === '--format') {
        const realInfo = JSON.parse(real.stdout);
        const fakeInfo = JSON.parse(fake.stdout);
        expect(Object.keys(fakeInfo)).toEqual(Object.keys(realInfo));
        expect(Object.keys(fakeInfo.ClientInfo)).toEqual(Object.keys(realInfo.ClientInfo));
        expect({ ...fakeInfo, ClientInfo: undefined }).toEqual({ ...realInfo, ClientInfo: undefined });
      } else if (real.stdout.includes('Version:')) {
        // Same layout; the installed client's version may differ.
        expect(fake.stdout.replace(/[\d.]+|go[\d.]+|[0-9a-f]{7}|\w{3} \w{3} \d+ [\d:]+ \d{4}/g, 'X')).toBe(
          real.stdout.replace(/[\d.]+|go[\d.]+|[0-9a-f]{7}|\w{3} \w{3} \d+ [\d:]+ \d{4}/g, 'X'),
        );
      } else {
        expect(fake.stdout).toBe(real.stdout);
      }
    }
  });

  it('knows the networks k3d creates and deletes', async () => {
    const config = YAML.stringify({
      apiVersion: 'k3d.io/v1alpha5',
      kind: 'Simple',
      metadata: { name: 'east' },
      options: { kubeconfig: { switchCurrentContext: false } },
    });
    expect((await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config })).code).toBe(0);
    const inspect = await fakes.run('docker', ['network', 'inspect', 'k3d-east']);
    expect(inspect.code).toBe(0);
    const [network] = JSON.parse(inspect.stdout);
    expect(network).toMatchObject({ Name: 'k3d-east', Driver: 'bridge', Scope: 'local', Labels: { app: 'k3d' } });
    expect(
      Object.values(network.Containers)
        .map((c) => (c as { Name: string }).Name)
        .sort(),
    ).toEqual(['k3d-east-server-0', 'k3d-east-serverlb']);
    expect(inspect.stdout.startsWith('[\n    {\n        "Name": "k3d-east",')).toBe(true);
    expect((await fakes.run('docker', ['network', 'ls', '--format', '{{.Name}}'])).stdout).toBe('bridge\nhost\nk3d-east\nnone\n');

    expect((await fakes.run('k3d', ['cluster', 'delete', 'east'])).code).toBe(0);
    expect(await fakes.run('docker', ['network', 'inspect', 'k3d-east'])).toEqual({
      code: 1,
      stdout: '[]\n',
      stderr: 'Error response from daemon: network k3d-east not found\n',
    });
  });

  it('keeps a named (external) network after the cluster is deleted, as k3d does', async () => {
    expect((await fakes.run('docker', ['network', 'create', 'shared'])).code).toBe(0);
    const config = YAML.stringify({ apiVersion: 'k3d.io/v1alpha5', kind: 'Simple', metadata: { name: 'east' }, network: 'shared' });
    const created = await fakes.run('k3d', ['cluster', 'create', '--config', '-'], { input: config });
    expect(created.stdout).toContain("Re-using existing network 'shared'");
    expect((await fakes.run('k3d', ['cluster', 'delete', 'east'])).code).toBe(0);
    expect((await fakes.run('docker', ['network', 'inspect', 'shared'])).code).toBe(0);
  });
});
