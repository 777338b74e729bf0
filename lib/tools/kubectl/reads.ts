import { MeshError, type ToolError } from '../../errors.js';
import type { Env } from '../../process/find-binary.js';
import type { Call, Outcome } from './call.js';
import { isNotFound, kubectlFailure, kubectlReason } from './errors.js';
import { FIELD_MANAGER, type KubectlAdapter } from './types.js';

interface Calls {
  /** Runs a call and hands back how it went. */
  attempt: (call: Call, signal: AbortSignal | undefined) => Promise<Outcome>;
  /** Runs a call that must succeed. */
  kubectl: (call: Call, signal: AbortSignal | undefined) => Promise<string>;
  env: Env;
}

type Reads = Pick<KubectlAdapter, 'getJson' | 'currentContext' | 'dryRunApply' | 'getRaw' | 'contexts'>;

/** The calls that only read: objects, raw API paths, server-side dry runs and the kubeconfig's contexts. */
export function readCalls({ attempt, kubectl, env }: Calls): Reads {
  const deps = { env };
  return {
    async getJson<T = unknown>(args: Parameters<KubectlAdapter['getJson']>[0], signal?: AbortSignal): Promise<T | undefined> {
      const scope = args.allNamespaces ? ['-A'] : args.namespace !== undefined ? ['-n', args.namespace] : [];
      const flags = [
        ...scope,
        ...(args.selector !== undefined ? ['-l', args.selector] : []),
        ...(args.fieldSelector !== undefined ? ['--field-selector', args.fieldSelector] : []),
      ];
      const call: Call = {
        context: args.context,
        args: ['get', args.resource, ...(args.name === undefined ? [] : [args.name]), ...flags, '-o', 'json'],
        mutates: false,
      };
      const outcome = await attempt(call, signal);
      if (!outcome.ok) {
        if (isNotFound(outcome.error.stderr)) return undefined;
        throw kubectlFailure(outcome.error, args.context, deps.env);
      }
      const value = parseJson(outcome.stdout);
      if (value === undefined)
        throw new MeshError(`\`${outcome.display}\` printed output that is not JSON`, {
          hint: 'check that MESH_KUBECTL or the kubectl on PATH is a working kubectl',
        });
      return value as T;
    },

    async currentContext(signal) {
      const outcome = await attempt({ args: ['config', 'current-context'], mutates: false }, signal);
      if (outcome.ok) return outcome.stdout.trim() || undefined;
      // "error: current-context is not set", exit 1: a kubeconfig without one, or none at all.
      if (/current-context is not set/.test(outcome.error.stderr)) return undefined;
      throw kubectlFailure(outcome.error, undefined, deps.env);
    },

    async dryRunApply({ context, namespace, manifest, manager = 'verify' }, signal) {
      const args = [
        '-n',
        namespace,
        'apply',
        '--server-side',
        // `apply`: under deploy's own manager, so the result is what deploy would store (`mesh diff`).
        `--field-manager=${manager === 'apply' ? FIELD_MANAGER : `${FIELD_MANAGER}-verify`}`,
        '--dry-run=server',
        '-o',
        'json',
        '-f',
        '-',
      ];
      // A refusal is the answer verify reports (an injector that does not answer), not something to wait out.
      const outcome = await attempt({ context, args, mutates: false, input: manifest, once: true }, signal);
      // "Error from server (InternalError): Internal error occurred: failed calling webhook ...": the reason is what matters.
      if (!outcome.ok) return { refused: refusal(outcome.error) };
      return { object: JSON.parse(outcome.stdout) as unknown };
    },

    async getRaw({ context, path }, signal) {
      const outcome = await attempt({ context, args: ['get', '--raw', path], mutates: false, once: true }, signal);
      if (outcome.ok) return { text: outcome.stdout };
      return { refused: refusal(outcome.error) };
    },

    async contexts(signal) {
      const stdout = await kubectl({ args: ['config', 'get-contexts', '-o', 'name'], mutates: false }, signal);
      return stdout
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
    },
  };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** kubectl's first line, without its prefixes; its exit code when it said nothing. */
function refusal(error: ToolError): string {
  return kubectlReason(error.stderr.trim().split('\n')[0] ?? '') || `exit ${error.code}`;
}
