import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dockerAdapter } from '../../lib/tools/docker/adapter.js';
import { k3dAdapter } from '../../lib/tools/k3d/adapter.js';
import { kubectlAdapter } from '../../lib/tools/kubectl/adapter.js';
import { FakeRunner } from '../helpers/fake-runner.js';
import type { CommandResult } from '../../lib/process/runner.js';
import { executable, failure } from '../helpers/errors.js';

const bin = mkdtempSync(join(tmpdir(), 'mesh-retries-'));
const env = {
  MESH_K3D: executable(join(bin, 'k3d')),
  MESH_DOCKER: executable(join(bin, 'docker')),
  MESH_KUBECTL: executable(join(bin, 'kubectl')),
};
const NO_WAIT = [0, 0, 0];

// k3d v5.8.3's words when pulling k3s's image drops, from cmd/cluster/clusterCreate.go and pkg/runtimes/docker/container.go.
const PULL_FAILED =
  "ERRO[0004] failed Cluster Creation: failed setup of server/agent node k3d-dev-server-0: runtime failed to create node 'k3d-dev-server-0': failed to create container for node 'k3d-dev-server-0': docker failed to pull image 'rancher/k3s:v1.31.5-k3s1': docker failed to pull the image 'rancher/k3s:v1.31.5-k3s1': Error response from daemon: Get \"https://registry-1.docker.io/v2/\": net/http: TLS handshake timeout\n" +
  "ERRO[0004] Failed to create cluster >>> Rolling Back\nINFO[0004] Deleting cluster 'dev'\n";
const ROLLED_BACK = `${PULL_FAILED}FATA[0005] Cluster creation FAILED, all changes have been rolled back!\n`;
const NOT_ROLLED_BACK = `${PULL_FAILED}ERRO[0005] failed to delete cluster network\nFATA[0005] Cluster creation FAILED, also FAILED to rollback changes!\n`;
const CONFIG = 'apiVersion: k3d.io/v1alpha5\nkind: Simple\nmetadata:\n  name: dev\n';

/** Answers `first` to the first call, then `rest`; counts calls. */
function flaky(first: Partial<CommandResult>, rest: Partial<CommandResult> = {}) {
  let calls = 0;
  return { respond: () => (++calls === 1 ? first : rest), count: () => calls };
}

describe('k3d and docker calls that fail in a way a moment would fix are run again', () => {
  it('k3d cluster create, after k3d rolled back a pull that timed out: run again, and it succeeds', async () => {
    const create = flaky({ exitCode: 1, stderr: ROLLED_BACK });
    const runner = new FakeRunner()
      .on('k3d version', { stdout: 'k3d version v5.8.3\nk3s version v1.31.5-k3s1 (default)\n' })
      .on('k3d cluster create', create.respond);
    await k3dAdapter({ runner, env, retryDelaysMs: NO_WAIT }).create(CONFIG);
    expect(create.count()).toBe(2);
  });

  it('k3d cluster create that could not roll back is not run again: the half-made cluster is reported', async () => {
    const runner = new FakeRunner()
      .on('k3d version', { stdout: 'k3d version v5.8.3\n' })
      .on('k3d cluster create', { exitCode: 1, stderr: NOT_ROLLED_BACK });
    const error = await failure(k3dAdapter({ runner, env, retryDelaysMs: NO_WAIT }).create(CONFIG));
    expect(runner.lines().filter((l) => l.startsWith('k3d cluster create'))).toHaveLength(1);
    expect(error.message).toContain('also FAILED to rollback changes');
  });

  it('k3d cluster list whose connection to the daemon was reset: run again', async () => {
    const list = flaky(
      {
        exitCode: 1,
        stderr:
          'FATA[0000] failed to list nodes: error during connect: Get "http://%2Fvar%2Frun%2Fdocker.sock/v1.47/containers/json": read unix @->/var/run/docker.sock: read: connection reset by peer\n',
      },
      { stdout: '[]' },
    );
    const runner = new FakeRunner().on('k3d cluster list', list.respond);
    expect(await k3dAdapter({ runner, env, retryDelaysMs: NO_WAIT }).list()).toEqual([]);
    expect(list.count()).toBe(2);
  });

  it('docker network create whose reply was lost: the retry finds it made, and that is success', async () => {
    const create = flaky(
      {
        exitCode: 1,
        stderr: 'Error response from daemon: Post "http://%2Fvar%2Frun%2Fdocker.sock/v1.47/networks/create": context deadline exceeded\n',
      },
      { exitCode: 1, stderr: 'Error response from daemon: network with name mesh-net already exists\n' },
    );
    const runner = new FakeRunner().on('docker network create', create.respond);
    await dockerAdapter({ runner, env, retryDelaysMs: NO_WAIT }).networkCreate('mesh-net');
    expect(create.count()).toBe(2);
  });

  it('a docker daemon that is down is not waited for: one call, and the daemon named', async () => {
    const runner = new FakeRunner().on('docker network inspect', {
      exitCode: 1,
      stderr: 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?\n',
    });
    const error = await failure(dockerAdapter({ runner, env, retryDelaysMs: NO_WAIT }).networkExists('mesh-net'));
    expect(runner.calls).toHaveLength(1);
    expect(error.message).toMatch(/docker daemon/i);
  });

  it('kubectl reads are run again too; a verify dry run is asked again only when the API server did not answer', async () => {
    const refused = 'The connection to the server 0.0.0.0:6443 was refused - did you specify the right host or port?\n';
    const webhook =
      'Error from server (InternalError): Internal error occurred: failed calling webhook "object.sidecar-injector.istio.io": failed to call webhook: Post "https://istiod.istio-system.svc:443/inject?timeout=10s": context deadline exceeded\n';
    const get = flaky({ exitCode: 1, stderr: refused }, { stdout: '{"items":[]}' });
    const dryRun = flaky({ exitCode: 1, stderr: refused }, { exitCode: 1, stderr: webhook });
    const runner = new FakeRunner()
      .on('kubectl --context k3d-dev get pods', get.respond)
      .on('kubectl --context k3d-dev -n apps apply', dryRun.respond);
    const kubectl = kubectlAdapter({ runner, env, retryDelaysMs: NO_WAIT });
    expect(await kubectl.getJson({ context: 'k3d-dev', resource: 'pods' })).toEqual({ items: [] });
    expect(get.count()).toBe(2);
    // The injector's refusal is verify's finding: reported after the one retry the unanswered first call earned.
    const answer = await kubectl.dryRunApply({ context: 'k3d-dev', namespace: 'apps', manifest: 'kind: Pod\n' });
    expect(answer).toMatchObject({ refused: expect.stringContaining('failed calling webhook') });
    expect(dryRun.count()).toBe(2);
  });
});
