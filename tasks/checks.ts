import type { ClusterModel } from '../lib/model/model.js';
import { formatChecks, type DoctorCheck } from '../lib/doctor/check.js';
import { doctor, plainHttpCharts } from '../lib/doctor/doctor.js';
import { MeshError } from '../lib/errors.js';
import type { LifecycleDeps } from '../lib/lifecycle/deps.js';
import type { Task } from '../lib/pipeline/types.js';
import { taskKey } from './keys.js';
import { plural } from '../lib/text/plural.js';

/**
 * `checks`: the blocking `mesh doctor` checks, first in `mesh up`. Every task
 * that changes something needs it, so a failure stops the run before it
 * touches anything; rendering, which changes nothing, goes on meanwhile.
 */
export function checksTask(clusters: readonly ClusterModel[], deps: LifecycleDeps): Task<DoctorCheck[]> {
  return {
    id: taskKey('checks').id,
    title: 'check docker, k3d, kubectl, helm and host ports',
    needs: [],
    async run(context) {
      const checks = await doctor({
        clusters,
        plainHttpCharts: plainHttpCharts(deps),
        tools: deps.tools(context.runner),
        helm: deps.helm(context.runner),
        env: deps.env,
        signal: context.signal,
        registry: deps.model.registry,
      });
      const failing = checks.filter((c) => !c.ok && c.blocking);
      for (const c of checks.filter((c) => !c.ok && !c.blocking))
        context.note(`warning: ${c.name}: ${c.detail}${c.fix ? ` (fix: ${c.fix})` : ''}`);
      if (failing.length > 0) {
        throw new MeshError(
          `mesh up stopped before changing anything; ${plural(failing.length, 'check')} failed:\n${formatChecks(failing, '  ')}`,
          {
            hint: 'fix them, then run `mesh up` again (`mesh doctor` shows every check; --no-checks skips them)',
          },
        );
      }
      context.report(`${checks.length} checks passed`);
      return checks;
    },
  };
}
