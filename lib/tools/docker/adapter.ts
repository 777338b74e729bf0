import type { DockerAdapter, DockerInfo } from './types.js';
import { dockerDaemonFailure, dockerEnv, START_DOCKER_HINT } from './daemon.js';
import { createNetwork, networkMembers, removeNetwork } from './network.js';
import { MeshError, ToolError } from '../../errors.js';
import { formatCommand, maskSecrets } from '../../process/mask.js';
import { runChecked, type Command, type Runner } from '../../process/runner.js';
import { requireTool, type Env } from '../../process/find-binary.js';
import { retryingRunner } from '../../process/retry.js';
import { isDockerTransient } from './transient.js';

/** The parts of `docker info --format '{{json .}}'` mesh reads. */
interface InfoJson {
  ServerVersion?: unknown;
  MemTotal?: unknown;
  NCPU?: unknown;
  ServerErrors?: unknown;
  SecurityOptions?: unknown;
}

export function dockerAdapter(deps: { runner: Runner; env: Env; retryDelaysMs?: readonly number[] }): DockerAdapter {
  let resolved: string | undefined;
  const runner = retryingRunner(deps.runner, isDockerTransient, deps.retryDelaysMs);
  const ensureInstalled = async (): Promise<string> => {
    resolved ??= locate(deps.env);
    return resolved;
  };

  const command = async (args: string[], mutates = false): Promise<Command> => {
    const env = dockerEnv(deps.env);
    return { tool: 'docker', bin: await ensureInstalled(), args, mutates, ...(env === undefined ? {} : { env }) };
  };

  return {
    ensureInstalled,

    async info(signal) {
      const cmd = await command(['info', '--format', '{{json .}}']);
      const result = await runner.run(cmd, signal);
      // Without a daemon, docker still prints the client half of the JSON, then the error on stderr, and exits 1.
      const daemon = dockerDaemonFailure(result.stderr);
      if (daemon) throw daemon;
      const display = formatCommand(cmd);
      const parsed = parseInfo(result.stdout);
      if (result.exitCode !== 0 || parsed === undefined) {
        if (result.exitCode === 0)
          throw new MeshError(`\`${display}\` printed no JSON object`, {
            hint: 'check that MESH_DOCKER or the docker on PATH is the docker CLI',
          });
        throw new ToolError({ command: display, code: result.exitCode, stderr: maskSecrets(result.stderr, cmd.secrets ?? []) });
      }
      return toDockerInfo(parsed);
    },

    async networkExists(name, signal) {
      try {
        await runChecked(runner, await command(['network', 'inspect', name]), signal === undefined ? {} : { signal });
        return true;
      } catch (error) {
        if (!(error instanceof ToolError)) throw error;
        const daemon = dockerDaemonFailure(error.stderr, error);
        if (daemon) throw daemon;
        // "Error response from daemon: network k3d-dev not found" (exit 1).
        if (error.code === 1 && /not found|no such network/i.test(error.stderr)) return false;
        throw error;
      }
    },

    async containerImage(name, signal) {
      try {
        const cmd = await command(['container', 'inspect', '--format', '{{.Config.Image}}', name]);
        const { stdout } = await runChecked(runner, cmd, signal === undefined ? {} : { signal });
        return stdout.trim() || undefined;
      } catch (error) {
        if (!(error instanceof ToolError)) throw error;
        const daemon = dockerDaemonFailure(error.stderr, error);
        if (daemon) throw daemon;
        // "Error response from daemon: No such container: NAME" (exit 1).
        if (/no such container/i.test(error.stderr)) return undefined;
        throw error;
      }
    },

    networkCreate: (name, signal) => createNetwork(runner, command, name, signal),
    networkRemove: (name, signal) => removeNetwork(runner, command, name, signal),
    networkMembers: (name, signal) => networkMembers(runner, command, name, signal),

    async pull(image, signal) {
      try {
        await runChecked(runner, await command(['pull', image], true), signal === undefined ? {} : { signal });
      } catch (error) {
        if (!(error instanceof ToolError)) throw error;
        const daemon = dockerDaemonFailure(error.stderr, error);
        if (daemon) throw daemon;
        throw new ToolError({
          command: error.command,
          code: error.code,
          stderr: error.stderr,
          hint: `check the image ${image} exists, and that docker reaches its registry (\`docker login\` for a private one); mesh up without --preload lets each cluster pull it itself`,
        });
      }
    },
  };
}

function locate(env: Env): string {
  return requireTool('docker', env, {
    why: 'k3d runs its clusters in docker containers',
    hint: 'install Docker (https://docs.docker.com/get-docker/), or set MESH_DOCKER to the path of a docker binary',
  });
}

function parseInfo(stdout: string): InfoJson | undefined {
  // One JSON object on one line; anything else on stdout (a plugin's warning) is not it.
  const line = stdout
    .split('\n')
    .map((candidate) => candidate.trim())
    .findLast((candidate) => candidate.startsWith('{'));
  if (line === undefined) return undefined;
  try {
    const value: unknown = JSON.parse(line);
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as InfoJson) : undefined;
  } catch {
    return undefined;
  }
}

function toDockerInfo(info: InfoJson): DockerInfo {
  // Older docker CLIs exit 0 and put the connection error into "ServerErrors" instead.
  const serverErrors = Array.isArray(info.ServerErrors) ? info.ServerErrors.map(String).filter((text) => text.trim() !== '') : [];
  if (serverErrors.length > 0) {
    throw (
      dockerDaemonFailure(serverErrors.join('\n')) ??
      new MeshError(`the docker daemon is not reachable: ${serverErrors.join('; ')}`, { hint: START_DOCKER_HINT })
    );
  }
  const serverVersion = typeof info.ServerVersion === 'string' ? info.ServerVersion : '';
  if (serverVersion === '') {
    throw new MeshError('the docker daemon is not reachable: `docker info` reported no server', { hint: START_DOCKER_HINT });
  }
  return {
    serverVersion,
    memTotal: typeof info.MemTotal === 'number' ? info.MemTotal : 0,
    cpus: typeof info.NCPU === 'number' ? info.NCPU : 0,
    // "name=rootless" among the security options, as `docker info` shows "rootless" under Security Options.
    rootless: Array.isArray(info.SecurityOptions) && info.SecurityOptions.some((o) => String(o).split(',').includes('name=rootless')),
  };
}
