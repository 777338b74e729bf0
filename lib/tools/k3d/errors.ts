import { dockerDaemonFailure, stripAnsi } from '../docker/daemon.js';
import { MeshError, type ToolError } from '../../errors.js';
import { withToolOutput } from '../../process/tool-output.js';

/**
 * mesh hands k3d a `k3d.io/v1alpha5` config on stdin: `--config -` came with
 * k3d 5.4.5 and v1alpha5 with 5.5.0, so anything older fails on create.
 */
export const MINIMUM_K3D = [5, 5, 0] as const;
const UPGRADE_HINT =
  'upgrade k3d to 5.5.0 or newer (https://k3d.io/#installation: `curl -s https://raw.githubusercontent.com/k3d-io/k3d/main/install.sh | bash`), or point MESH_K3D at a newer k3d';

/**
 * Turns k3d's failures the user can fix into errors that say what to do.
 * k3d logs through logrus (`FATA[0000] …`, coloured even into a pipe); its
 * lines stay in the message, anything unrecognised stays the ToolError it was.
 */
export function k3dFailure(error: ToolError, cluster: string | undefined): MeshError {
  const stderr = stripAnsi(error.stderr);
  const daemon = dockerDaemonFailure(stderr, error);
  if (daemon) return daemon;
  const named = cluster === undefined ? 'the cluster' : `cluster "${cluster}"`;
  const fail = (summary: string, hint: string): MeshError => new MeshError(withToolOutput(summary, 'k3d', stderr), { hint, cause: error });

  // A k3d that checkK3dVersion did not see (it changed meanwhile): before 5.4.5 `-` is a file name, before 5.5.0 v1alpha5 is unknown.
  if (/Failed to stat config file -|Cannot validate config file -: unsupported apiVersion/.test(stderr)) {
    return fail(`this k3d cannot read the k3d.io/v1alpha5 config mesh gives it on stdin: it is older than 5.5.0`, UPGRADE_HINT);
  }
  // cmd/cluster/clusterCreate.go: "Failed to create cluster '%s' because a cluster with that name already exists"
  const exists = /Failed to create cluster '([^']*)' because a cluster with that name already exists/.exec(stderr);
  if (exists) {
    return fail(`k3d cluster "${exists[1]}" already exists`, 'delete it with `mesh down`, or run `mesh up --recreate` to replace it');
  }
  // docker: "Bind for 0.0.0.0:80 failed: port is already allocated"; "listen tcp4 0.0.0.0:80: bind: address already in use".
  if (/port is already allocated|address already in use/.test(stderr)) {
    const port = /Bind for \S*?:(\d+) failed|listen \w+ \S*?:(\d+): bind/.exec(stderr);
    const which = port ? `host port ${port[1] ?? port[2]} is` : 'a host port it maps is';
    return fail(
      `k3d could not create ${named}: ${which} already in use`,
      'change the ports in the cluster config (ports: - port: HOST:CONTAINER), or free the port (`docker ps` and `lsof -i` show who holds it)',
    );
  }
  // pkg/client/cluster.go ClusterGet: "No nodes found for given cluster"
  if (/No nodes found for given cluster/.test(stderr)) {
    return fail(`k3d has no ${named}`, 'create it with `mesh up`; `k3d cluster list` shows the clusters k3d has');
  }
  return error;
}

/** `v5.8.3` from the first line of `k3d version` ("k3d version v5.8.3"); throws when k3d is too old for mesh. */
export function checkK3dVersion(output: string, binary: string): string {
  const match = /k3d version (v?(\d+)\.(\d+)\.(\d+)\S*)/.exec(stripAnsi(output));
  if (!match) {
    throw new MeshError(`could not read the version of k3d at ${binary} (it printed "${output.trim().split('\n')[0] ?? ''}")`, {
      hint: 'check that MESH_K3D or the k3d on PATH is k3d 5.5.0 or newer',
    });
  }
  const found = match[1] ?? '';
  const version = found.startsWith('v') ? found : `v${found}`;
  if (olderThan([Number(match[2]), Number(match[3]), Number(match[4])], MINIMUM_K3D)) {
    throw new MeshError(
      `k3d ${version} at ${binary} is too old: mesh needs k3d 5.5.0 or newer, which reads k3d.io/v1alpha5 configs from stdin`,
      {
        hint: UPGRADE_HINT,
      },
    );
  }
  return version;
}

function olderThan(found: readonly number[], wanted: readonly number[]): boolean {
  for (let i = 0; i < wanted.length; i++) if ((found[i] ?? 0) !== wanted[i]) return (found[i] ?? 0) < wanted[i]!;
  return false;
}
