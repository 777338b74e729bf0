import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dockerAdapter } from '../../lib/tools/docker/adapter.js';
import { ToolError } from '../../lib/errors.js';
import { FakeRunner } from '../helpers/fake-runner.js';
import { realRunner } from '../../lib/process/real-runner.js';
import { searchPath } from '../../lib/process/find-binary.js';
import { executable, failure } from '../helpers/errors.js';

let work: string;
let fakeDocker: string;

beforeEach(async () => {
  work = await mkdtemp(join(tmpdir(), 'mesh-docker-unit-'));
  fakeDocker = executable(join(work, 'bin', 'docker'));
});
afterEach(async () => {
  await rm(work, { recursive: true, force: true });
});

const START_HINT = 'start Docker (Docker Desktop, `sudo systemctl start docker`, or colima start) and check `docker info`';

/** The client half that docker 28 prints whether or not a daemon answers. */
const CLIENT_INFO = {
  Debug: false,
  Version: '28.2.2',
  DefaultAPIVersion: '1.50',
  GitCommit: 'e6534b4',
  GoVersion: 'go1.24.3',
  Os: 'linux',
  Arch: 'amd64',
  BuildTime: 'Fri May 30 12:07:14 2025',
  Context: 'default',
  Plugins: [],
  Warnings: null,
};

/** `docker info --format '{{json .}}'` with a daemon: one line, server fields at the top level. */
const RUNNING_INFO = JSON.stringify({
  ID: '5c3b1f6e-8a0d-4c1e-9b2a-7f4e3d2c1b0a',
  Containers: 4,
  ContainersRunning: 3,
  Images: 12,
  Driver: 'overlay2',
  NCPU: 8,
  MemTotal: 16_647_634_944,
  OperatingSystem: 'Ubuntu 24.04.2 LTS',
  OSType: 'linux',
  Architecture: 'x86_64',
  ServerVersion: '28.2.2',
  Name: 'devbox',
  ClientInfo: CLIENT_INFO,
});

/** Without a daemon (docker 28): the server fields empty, the error on stderr, exit 1 (seen on this machine). */
const NO_DAEMON_INFO = JSON.stringify({
  ID: '',
  Containers: 0,
  NCPU: 0,
  MemTotal: 0,
  ServerVersion: '',
  Name: '',
  ClientInfo: CLIENT_INFO,
});
const NO_DAEMON_ERROR = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n';

describe('finding docker', () => {
  it('with no docker anywhere, says how to install it', async () => {
    const error = await failure(adapterWith(new FakeRunner(), { PATH: join(work, 'empty') }).ensureInstalled());

    expect(error.exitCode).toBe(1);
    expect(error.message).toContain('docker is not installed');
    expect(error.hint).toBe('install Docker (https://docs.docker.com/get-docker/), or set MESH_DOCKER to the path of a docker binary');
  });

  it('with MESH_DOCKER set, uses it', async () => {
    expect(await adapterWith(new FakeRunner(), { PATH: '', MESH_DOCKER: fakeDocker }).ensureInstalled()).toBe(fakeDocker);
  });
});

describe('docker info', () => {
  it('with a fake docker whose daemon runs, reads version, memory and CPUs', async () => {
    const runner = new FakeRunner().on('docker info', { stdout: `${RUNNING_INFO}\n` });

    expect(await adapterWith(runner).info()).toEqual({ serverVersion: '28.2.2', memTotal: 16_647_634_944, cpus: 8, rootless: false });
    expect(runner.calls).toEqual([{ tool: 'docker', bin: fakeDocker, args: ['info', '--format', '{{json .}}'], mutates: false }]);
  });

  it('with rootless docker, says so', async () => {
    const info = { ...JSON.parse(RUNNING_INFO), SecurityOptions: ['name=seccomp,profile=builtin', 'name=rootless', 'name=cgroupns'] };
    const runner = new FakeRunner().on('docker info', { stdout: `${JSON.stringify(info)}\n` });
    expect((await adapterWith(runner).info()).rootless).toBe(true);
  });

  it('with podman behind the docker command and its service stopped, says how to start it', async () => {
    const stderr =
      'Cannot connect to Podman. Please verify your connection to the Linux system using `podman system connection list`, or try `podman machine init` and `podman machine start` to manage a new Linux VM\nError: unable to connect to Podman socket: failed to connect: dial tcp 127.0.0.1:53685: connect: connection refused\n';
    const error = await failure(adapterWith(new FakeRunner().on('docker info', { exitCode: 125, stderr })).info());
    expect(error.message).toMatch(/^the podman service is not reachable: Cannot connect to Podman\./);
    expect(error.hint).toContain('podman machine start');
  });

  it('with a fake docker whose daemon is down, says to start docker', async () => {
    const runner = new FakeRunner().on('docker info', { exitCode: 1, stdout: `${NO_DAEMON_INFO}\n`, stderr: NO_DAEMON_ERROR });
    const error = await failure(adapterWith(runner).info());

    expect(error.message).toBe(
      'the docker daemon is not reachable: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    );
    expect(error.hint).toBe(START_HINT);
  });

  it('with an older fake docker that reports the daemon error in "ServerErrors", says the same', async () => {
    const stdout = JSON.stringify({
      ServerVersion: '',
      NCPU: 0,
      MemTotal: 0,
      ServerErrors: [NO_DAEMON_ERROR.trim()],
      ClientInfo: CLIENT_INFO,
    });
    const error = await failure(adapterWith(new FakeRunner().on('docker info', { stdout })).info());

    expect(error.message).toBe(
      'the docker daemon is not reachable: Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?',
    );
    expect(error.hint).toBe(START_HINT);
  });

  it('with a fake docker whose daemon answers with another server error, still says it is not reachable', async () => {
    const stdout = JSON.stringify({
      ServerVersion: '',
      ServerErrors: ['Error response from daemon: client version 1.50 is too new. Maximum supported API version is 1.43'],
    });
    const error = await failure(adapterWith(new FakeRunner().on('docker info', { stdout })).info());

    expect(error.message).toBe(
      'the docker daemon is not reachable: Error response from daemon: client version 1.50 is too new. Maximum supported API version is 1.43',
    );
  });

  it('with a fake docker whose socket this user may not open, says how to get access', async () => {
    const stderr =
      'permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.50/info": dial unix /var/run/docker.sock: connect: permission denied\n';
    const error = await failure(adapterWith(new FakeRunner().on('docker info', { exitCode: 1, stdout: NO_DAEMON_INFO, stderr })).info());

    expect(error.message).toContain('the docker daemon refused this user');
    expect(error.hint).toContain('docker group');
  });
});

describe('docker network inspect', () => {
  it('with a fake docker that has the network, says it exists', async () => {
    const runner = new FakeRunner().on('docker network inspect k3d-dev', { stdout: '[{"Name":"k3d-dev","Driver":"bridge"}]\n' });

    expect(await adapterWith(runner).networkExists('k3d-dev')).toBe(true);
    expect(runner.calls).toEqual([{ tool: 'docker', bin: fakeDocker, args: ['network', 'inspect', 'k3d-dev'], mutates: false }]);
  });

  it('with a fake docker that lacks the network (exit 1), says it does not exist', async () => {
    const runner = new FakeRunner().on('docker network inspect', {
      exitCode: 1,
      stdout: '[]\n',
      stderr: 'Error response from daemon: network k3d-dev not found\n',
    });

    expect(await adapterWith(runner).networkExists('k3d-dev')).toBe(false);
  });

  it('with a fake docker whose daemon is down (also exit 1), does not mistake that for a missing network', async () => {
    const runner = new FakeRunner().on('docker network inspect', { exitCode: 1, stdout: '[]\n', stderr: NO_DAEMON_ERROR });
    const error = await failure(adapterWith(runner).networkExists('k3d-dev'));

    expect(error.message).toContain('the docker daemon is not reachable');
  });

  it('with a fake docker that fails otherwise, keeps the ToolError', async () => {
    const runner = new FakeRunner().on('docker network inspect', { exitCode: 125, stderr: 'unknown flag: --bogus\n' });

    expect(await failure(adapterWith(runner).networkExists('k3d-dev'))).toBeInstanceOf(ToolError);
  });
});

describe('with the real docker client', () => {
  const docker = searchPath('docker', process.env);

  it.skipIf(docker === undefined)('and no daemon behind DOCKER_HOST, says the daemon is not reachable', async () => {
    // A socket that cannot exist, so the test means the same on a machine with a running daemon.
    const socket = join(work, 'no-daemon.sock');
    const adapter = dockerAdapter({ runner: realRunner(), env: { PATH: process.env.PATH, DOCKER_HOST: `unix://${socket}` } });

    const error = await failure(adapter.info());

    expect(error.message).toBe(
      `the docker daemon is not reachable: Cannot connect to the Docker daemon at unix://${socket}. Is the docker daemon running?`,
    );
    expect(error.hint).toBe(START_HINT);
    await expect(adapter.networkExists('k3d-dev')).rejects.toThrow('the docker daemon is not reachable');
  });
});

function adapterWith(runner: FakeRunner, env: Record<string, string> = { PATH: join(work, 'bin') }) {
  return dockerAdapter({ runner, env });
}
