import type { Runner } from './runner.js';

/**
 * The runner of `--dry-run`: commands that only read state outside the
 * cluster (k3d cluster list, docker network inspect, helm template) run, so
 * the plan is the real one; everything else, and every kubectl call (the
 * cluster may not exist yet), is only reported and answers success.
 */
export function dryRunRunner(inner: Runner): Runner {
  return {
    run(command, signal) {
      if (command.mutates === false && command.tool !== 'kubectl') return inner.run(command, signal);
      return Promise.resolve({ exitCode: 0, stdout: '', stderr: '' });
    },
  };
}
