import type { Stage } from '../../tasks/stages.js';
import type { Context } from '../context.js';

/** `mesh plan [STAGE]`: the task graph of a stage: tasks, what each needs, the batches that run together. */
export async function planCommand(ctx: Context, stage: Stage, flags: { cluster?: string[]; json?: boolean }): Promise<void> {
  const { model } = await ctx.load();
  const [{ selectClusters, stageTasks }, { lifecycleDeps }, { planGraph }, { formatPlan, planJson }] = await Promise.all([
    import('../../tasks/stages.js'),
    import('../../lib/lifecycle/real-deps.js'),
    import('../../lib/pipeline/graph.js'),
    import('../../lib/pipeline/print.js'),
  ]);
  const deps = lifecycleDeps({
    model,
    env: ctx.deps.env,
    cacheDir: ctx.cacheDir,
    lockMode: 'write',
    timeoutSeconds: undefined,
    recreate: false,
    warn: () => {},
  });
  const plan = planGraph(stageTasks(stage, selectClusters(model, flags.cluster ?? []), deps));
  ctx.deps.stdout(flags.json ? planJson(plan) : formatPlan(plan));
}
