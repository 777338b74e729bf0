import type { Stage } from '../../tasks/stages.js';
import { ConfigError } from '../../lib/errors.js';
import { didYouMean } from '../../lib/text/suggest.js';
import type { Context } from '../context.js';
import { collect, type Register } from '../host.js';
import { STAGES } from './lifecycle.js';

export const registerPlan: Register = (program, host) => {
  program
    .command('plan')
    .description('print the task graph of a stage: tasks, what each needs, the batches that run together')
    .argument('[stage]', 'up, down, create, deploy, verify or teardown', 'up')
    .option('--cluster <name>', 'only this cluster (repeatable)', collect, [])
    .option('--preload', 'the graph of mesh up --preload')
    .option('--json', 'print the graph as JSON')
    .action(async (stage: string, flags: { cluster: string[]; preload?: boolean; json?: boolean }) => {
      host.json(flags.json);
      if (!STAGES.some(([name]) => name === stage)) {
        const names = STAGES.map(([name]) => name);
        throw new ConfigError(`unknown stage "${stage}"${didYouMean(stage, names)}`, { hint: `use one of ${names.join(', ')}` });
      }
      await planCommand(host.context(), stage as Stage, flags);
    });
};

/** `mesh plan [STAGE]`: the task graph of a stage: tasks, what each needs, the batches that run together. */
async function planCommand(ctx: Context, stage: Stage, flags: { cluster?: string[]; preload?: boolean; json?: boolean }): Promise<void> {
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
    warn: () => {},
  });
  const plan = planGraph(stageTasks(stage, selectClusters(model, flags.cluster ?? []), deps, { preload: flags.preload ?? false }));
  ctx.deps.stdout(flags.json ? planJson(plan) : formatPlan(plan));
}
