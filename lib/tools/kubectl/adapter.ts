import { FIELD_MANAGER, type KubectlAdapter } from './types.js';
import { MeshError, ToolError } from '../../errors.js';
import { kubectlFailure, rolloutFailure, waitFailure } from './errors.js';
import { formatCommand } from '../../process/mask.js';
import { runChecked, type Command, type Runner } from '../../process/runner.js';
import { requireTool, type Env } from '../../process/find-binary.js';
import type { Call, Outcome } from './call.js';
import { readCalls } from './reads.js';
import { accessCalls } from './access.js';
import { isTransient, isUnreachable } from './transient.js';
import { retryingRunner } from '../../process/retry.js';

export function kubectlAdapter(deps: {
  runner: Runner;
  env: Env;
  retryDelaysMs?: readonly number[];
  /** Context -> its own kubeconfig file, for existing clusters the config names one for. */
  kubeconfigs?: ReadonlyMap<string, string>;
}): KubectlAdapter {
  let resolved: string | undefined;
  // A moment fixes some failures (an API server just started, a conflict, a dropped connection).
  const retrying = retryingRunner(deps.runner, (_command, result) => isTransient(result.stderr), deps.retryDelaysMs);
  const reaching = retryingRunner(deps.runner, (_command, result) => isUnreachable(result.stderr), deps.retryDelaysMs);
  const ensureInstalled = async (): Promise<string> => {
    resolved ??= locate(deps.env);
    return resolved;
  };

  const command = async (call: Call): Promise<Command> => {
    if (call.context !== undefined && call.context.trim() === '')
      throw new Error('kubectl call without a context: mesh never uses the current one');
    return {
      tool: 'kubectl',
      bin: await ensureInstalled(),
      args: call.context === undefined ? call.args : [...ownKubeconfig(call.context), '--context', call.context, ...call.args],
      mutates: call.mutates,
      ...(call.input === undefined ? {} : { input: call.input }),
      // kubectl reads KUBECONFIG itself; passed on so the adapter's env decides, not the process's.
      ...(deps.env.KUBECONFIG === undefined ? {} : { env: { KUBECONFIG: deps.env.KUBECONFIG } }),
    };
  };

  const ownKubeconfig = (context: string) => {
    const file = deps.kubeconfigs?.get(context);
    return file === undefined ? [] : ['--kubeconfig', file];
  };

  const attempt = async (call: Call, signal: AbortSignal | undefined): Promise<Outcome> => {
    const cmd = await command(call);
    const display = formatCommand(cmd);
    try {
      const { stdout } = await runChecked(call.once ? reaching : retrying, cmd, signal === undefined ? {} : { signal });
      return { ok: true, stdout, display };
    } catch (error) {
      if (error instanceof ToolError) return { ok: false, error, display };
      throw error;
    }
  };

  /** Runs a call that must succeed; its failures become the clearest error there is. */
  const kubectl = async (call: Call, signal: AbortSignal | undefined): Promise<string> => {
    const outcome = await attempt(call, signal);
    if (outcome.ok) return outcome.stdout;
    throw kubectlFailure(outcome.error, call.context, deps.env);
  };

  return {
    ensureInstalled,

    async version(signal) {
      const stdout = await kubectl({ args: ['version', '--client', '-o', 'json'], mutates: false }, signal);
      const version = (parseJson(stdout) as { clientVersion?: { gitVersion?: unknown } } | undefined)?.clientVersion?.gitVersion;
      if (typeof version === 'string' && version !== '') return version;
      throw new MeshError(`could not read the version of kubectl at ${await ensureInstalled()} from \`kubectl version --client -o json\``, {
        hint: 'check that MESH_KUBECTL or the kubectl on PATH is a working kubectl',
      });
    },

    async apply({ context, manifest, namespace, once }, signal) {
      // kubectl answers an empty stdin with "no objects passed to apply".
      if (manifest.trim() === '') return [];
      // --force-conflicts: mesh is the declarative owner of what it renders, as `helm upgrade` is. Without it a
      // re-run fails ("Apply failed with N conflicts") whenever another field manager last set one of those
      // fields to another value: a user's `kubectl edit` or client-side apply, a helm install of the same chart,
      // istiod patching its webhook configurations. Kubernetes' server-side apply docs recommend that
      // controllers force conflicts on the objects they own. Fields mesh does not set keep their managers.
      const args = ['apply', '--server-side', `--field-manager=${FIELD_MANAGER}`, '--force-conflicts'];
      if (namespace !== undefined) args.push('-n', namespace);
      const stdout = await kubectl({ context, args: [...args, '-f', '-'], mutates: true, input: manifest, once: once === true }, signal);
      return stdout
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
    },

    async delete({ context, namespace, kind, name }, signal) {
      // --wait: the object is gone before its replacement is applied, so a Job is really created anew.
      const scope = namespace === undefined ? [] : ['-n', namespace];
      await kubectl(
        { context, args: [...scope, 'delete', kind.toLowerCase(), name, '--ignore-not-found', '--wait=true'], mutates: true },
        signal,
      );
    },

    async waitEstablished({ context, crds, timeoutSeconds }, signal) {
      if (crds.length === 0) return;
      const names = crds.map((crd) => (crd.includes('/') ? crd : `crd/${crd}`));
      const call: Call = {
        context,
        args: ['wait', '--for=condition=Established', `--timeout=${timeoutSeconds}s`, ...names],
        mutates: false,
      };
      const outcome = await attempt(call, signal);
      if (!outcome.ok) throw waitFailure(outcome.error, { context, names, timeoutSeconds }, deps.env);
    },

    async waitPodsReady({ context, namespace, pods, timeoutSeconds }, signal) {
      const args = ['-n', namespace, 'wait', '--for=condition=Ready', `--timeout=${timeoutSeconds}s`, ...pods.map((p) => `pod/${p}`)];
      const outcome = await attempt({ context, args, mutates: false, once: true }, signal);
      return outcome.ok ? undefined : outcome.error.stderr.trim() || `kubectl wait exited with code ${outcome.error.code}`;
    },

    async exec({ context, namespace, pod, container, command: argv }, signal) {
      const cmd = await command({ context, args: ['-n', namespace, 'exec', pod, '-c', container, '--', ...argv], mutates: false });
      const result = await deps.runner.run(cmd, signal);
      return { code: result.exitCode ?? -1, stdout: result.stdout, stderr: result.stderr };
    },

    async rolloutStatus({ context, namespace, kind, name, timeoutSeconds }, signal) {
      const resource = `${kind.toLowerCase()}/${name}`;
      const args = ['-n', namespace, 'rollout', 'status', resource, `--timeout=${timeoutSeconds}s`];
      const outcome = await attempt({ context, args, mutates: false }, signal);
      if (!outcome.ok) throw rolloutFailure(outcome.error, { context, namespace, resource, timeoutSeconds }, deps.env);
    },

    ...readCalls({ attempt, kubectl, env: deps.env }),
    ...accessCalls({ attempt, kubectl, env: deps.env }),
  };
}

function locate(env: Env): string {
  return requireTool('kubectl', env, {
    why: 'mesh applies manifests and waits for rollouts with it',
    hint: 'install kubectl (https://kubernetes.io/docs/tasks/tools/), or set MESH_KUBECTL',
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}
