import { MeshError } from '../../errors.js';
import type { Env } from '../../process/find-binary.js';
import type { Call, Outcome } from './call.js';
import { kubectlFailure } from './errors.js';
import type { KubectlAdapter } from './types.js';

interface Calls {
  attempt: (call: Call, signal: AbortSignal | undefined) => Promise<Outcome>;
  kubectl: (call: Call, signal: AbortSignal | undefined) => Promise<string>;
  env: Env;
}

/** What a cluster mesh did not create is asked before anything is applied: its version, and what mesh may do there. */
export function accessCalls({ attempt, kubectl, env }: Calls): Pick<KubectlAdapter, 'serverVersion' | 'canI'> {
  return {
    async serverVersion({ context }, signal) {
      const stdout = await kubectl({ context, args: ['version', '-o', 'json'], mutates: false }, signal);
      let version: unknown;
      try {
        version = (JSON.parse(stdout) as { serverVersion?: { gitVersion?: unknown } }).serverVersion?.gitVersion;
      } catch {
        version = undefined;
      }
      if (typeof version === 'string' && version !== '') return version;
      throw new MeshError(`\`kubectl --context ${context} version -o json\` gave no server version`, {
        hint: 'check that MESH_KUBECTL or the kubectl on PATH is a working kubectl',
      });
    },

    async canI({ context, verb, resource, namespace }, signal) {
      const scope = namespace === undefined ? ['--all-namespaces'] : ['-n', namespace];
      // kubectl prints "yes" and exits 0, or "no[ - reason]" and exits 1; anything else is a failure to ask.
      const outcome = await attempt({ context, args: ['auth', 'can-i', verb, resource, ...scope], mutates: false, once: true }, signal);
      if (outcome.ok) return { allowed: true };
      const answer = /^no(?: - (.*))?$/m.exec(outcome.error.stdout.trim());
      if (outcome.error.code === 1 && answer) return { allowed: false, ...(answer[1] ? { reason: answer[1] } : {}) };
      throw kubectlFailure(outcome.error, context, env);
    },
  };
}
