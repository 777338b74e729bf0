import type { ClusterModel } from '../../lib/model/model.js';
import { formatChecks, type DoctorCheck } from '../../lib/doctor/check.js';
import { MeshError } from '../../lib/errors.js';
import type { LifecycleDeps } from '../../lib/lifecycle/deps.js';
import type { Context } from '../context.js';
import { collect, type Register } from '../host.js';

export const registerDoctor: Register = (program, host) => {
  program
    .command('doctor')
    .description('check docker, k3d, helm, kubectl, host ports and more; say how to fix what fails')
    .option('--cluster <name>', 'only this cluster (repeatable)', collect, [])
    .option('--json', 'print the checks as JSON')
    .action(async (flags: { cluster: string[]; json?: boolean }) => {
      host.json(flags.json);
      await doctorCommand(host.context(), flags);
    });
};
import { plural } from '../../lib/text/plural.js';

/** `mesh doctor`: what a first `mesh up` commonly trips on, each failing check with its fix. */
async function doctorCommand(ctx: Context, flags: { cluster?: string[]; json?: boolean }): Promise<void> {
  const { model } = await ctx.load();
  const [{ selectClusters }, { lifecycleDeps }] = await Promise.all([
    import('../../tasks/stages.js'),
    import('../../lib/lifecycle/real-deps.js'),
  ]);
  const clusters = model.clusters.length === 0 ? [] : selectClusters(model, flags.cluster ?? []);
  const deps = lifecycleDeps({
    model,
    env: ctx.deps.env,
    cacheDir: ctx.cacheDir,
    warn: (m) => ctx.warn(m),
  });
  const checks = await runChecks(ctx, clusters, deps);
  const blocking = checks.filter((c) => !c.ok && c.blocking);
  // With --json a failure's document is printed once, by the error handler, from error.data.
  if (!flags.json) ctx.deps.stdout(`${formatChecks(checks)}\n`);
  else if (blocking.length === 0) ctx.deps.stdout(`${JSON.stringify({ schemaVersion: 1, ok: true, checks }, null, 2)}\n`);
  if (blocking.length > 0) {
    const error = new MeshError(`${plural(blocking.length, 'blocking check')} failed: ${blocking.map((c) => c.name).join(', ')}`, {
      hint: 'fix them as shown above, then run `mesh doctor` again',
    });
    if (flags.json) error.data = { schemaVersion: 1, ok: false, checks };
    throw error;
  }
}

async function runChecks(ctx: Context, clusters: readonly ClusterModel[], deps: LifecycleDeps): Promise<DoctorCheck[]> {
  const { doctor, plainHttpCharts } = await import('../../lib/doctor/doctor.js');
  return doctor({
    clusters,
    plainHttpCharts: plainHttpCharts(deps),
    tools: deps.tools(ctx.deps.runner),
    helm: deps.helm(ctx.deps.runner),
    env: ctx.deps.env,
    signal: ctx.deps.signal,
    projectDir: deps.model.dir,
    registry: deps.model.registry,
  });
}
