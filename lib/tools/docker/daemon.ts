import { MeshError } from '../../errors.js';
import type { Env } from '../../process/find-binary.js';

/**
 * What docker (and k3d, which talks to the same daemon) print when there is
 * no daemon behind the socket. docker CLI 27/28 and k3d: "Cannot connect to
 * the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon
 * running?"; docker CLI 29: "failed to connect to the docker API at
 * unix:///var/run/docker.sock; check if the path is correct and if the
 * daemon is running: ..."; Windows: "error during connect: ...
 * //./pipe/docker_engine ..."; podman's docker: "Cannot connect to Podman.
 * Please verify your connection ...".
 */
const UNREACHABLE =
  /Cannot connect to the Docker daemon[^\n]*|Is the docker daemon running\?|failed to connect to the docker API at [^\n]*|error during connect:[^\n]*|Cannot connect to Podman[^\n]*/i;
/** The socket exists but this user may not open it: "... to connect to the Docker daemon ..." (27/28), "... to the docker API at ..." (29). */
const DENIED = /permission denied while trying to connect to the (?:Docker daemon|docker API)[^\n]*/i;
/** Rootless docker (rootlesskit) and podman (rootlessport) cannot publish host ports below net.ipv4.ip_unprivileged_port_start. */
const PRIVILEGED_PORT = /cannot expose privileged port (\d+)/;

export const ROOTLESS_PORT_HINT =
  "map host ports of 1024 or above in the cluster's `ports` (e.g. 8080:80@loadbalancer), or allow low ports with `sudo sysctl net.ipv4.ip_unprivileged_port_start=80`";

export const START_DOCKER_HINT = 'start Docker (Docker Desktop, `sudo systemctl start docker`, or colima start) and check `docker info`';

/** The variables that choose which daemon docker and k3d talk to; passed on explicitly so the adapter's env wins. */
const DOCKER_VARIABLES = ['DOCKER_HOST', 'DOCKER_CONTEXT', 'DOCKER_CONFIG', 'DOCKER_TLS_VERIFY', 'DOCKER_CERT_PATH'] as const;

/** A MeshError saying how to get a daemon, when `output` shows that none answered; else undefined. */
export function dockerDaemonFailure(output: string, cause?: unknown): MeshError | undefined {
  const text = stripAnsi(output);
  const denied = DENIED.exec(text);
  if (denied) {
    return new MeshError(`the docker daemon refused this user: ${denied[0].trim()}`, {
      hint: 'add yourself to the docker group (`sudo usermod -aG docker $USER`, then log in again), or use rootless Docker; check with `docker info`',
      cause,
    });
  }
  const privileged = PRIVILEGED_PORT.exec(text);
  if (privileged) {
    return new MeshError(
      `rootless docker or podman cannot publish host port ${privileged[1]}: ports below 1024 need privileges it has not got`,
      {
        hint: ROOTLESS_PORT_HINT,
        cause,
      },
    );
  }
  const unreachable = UNREACHABLE.exec(text);
  if (!unreachable) return undefined;
  if (/podman/i.test(unreachable[0])) {
    return new MeshError(`the podman service is not reachable: ${unreachable[0].trim()}`, {
      hint: 'start it (`podman machine start`, or `systemctl --user start podman.socket`) and check `docker info`',
      cause,
    });
  }
  return new MeshError(`the docker daemon is not reachable: ${unreachable[0].trim()}`, { hint: START_DOCKER_HINT, cause });
}

export function dockerEnv(env: Env): Record<string, string> | undefined {
  const picked: Record<string, string> = {};
  for (const name of DOCKER_VARIABLES) {
    const value = env[name];
    if (value !== undefined) picked[name] = value;
  }
  return Object.keys(picked).length === 0 ? undefined : picked;
}

/** k3d logs through logrus with colours forced on, even into a pipe. */
export function stripAnsi(text: string): string {
  return text.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}
