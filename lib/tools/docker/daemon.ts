import { MeshError } from '../../errors.js';
import type { Env } from '../../process/find-binary.js';

/**
 * What docker (and k3d, which talks to the same daemon) print when there is
 * no daemon behind the socket: docker's "Cannot connect to the Docker daemon
 * at unix:///var/run/docker.sock. Is the docker daemon running?", and on
 * Windows "error during connect: ... //./pipe/docker_engine ...".
 */
const UNREACHABLE = /Cannot connect to the Docker daemon[^\n]*|Is the docker daemon running\?|error during connect:[^\n]*/i;
/** The socket exists but this user may not open it. */
const DENIED = /permission denied while trying to connect to the Docker daemon[^\n]*/i;

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
  const unreachable = UNREACHABLE.exec(text);
  if (!unreachable) return undefined;
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
