import { parseDuration } from '../../lib/text/duration.js';
import { ConfigError } from '../../lib/errors.js';
import type { Stage } from '../../tasks/stages.js';
import type { PipelineResult } from '../../lib/pipeline/types.js';
import { isCI, type Context } from '../context.js';

export interface LifecycleFlags {
  cluster?: string[];
  dryRun?: boolean;
  recreate?: boolean;
  timeout?: string;
  json?: boolean;
  checks?: boolean;
}

/**
 * `mesh up`, `down`, `create`, `deploy`, `verify`, `teardown`: the stage's
 * tasks for the selected clusters, run as one dependency-ordered pipeline.
 * `up` runs the blocking doctor checks first and touches nothing if one fails.
 */
export async function lifecycle(ctx: Context, stage: Stage, flags: LifecycleFlags): Promise<void> {
  const timeoutSeconds = flags.timeout === undefined ? undefined : parseDuration(flags.timeout);
  if (flags.timeout !== undefined && timeoutSeconds === undefined) {
    throw new ConfigError(`--timeout ${flags.timeout}: expected a duration such as 90s, 5m or 1m30s`, { hint: 'e.g. --timeout 10m' });
  }
  const { model } = await ctx.load();
  const [{ selectClusters, stageTasks }, { lifecycleDeps }, { runPipeline }, { pipelineError, summarize }] = await Promise.all([
    import('../../tasks/stages.js'),
    import('../../lib/lifecycle/real-deps.js'),
    import('../../lib/pipeline/run.js'),
    import('../../lib/pipeline/summary.js'),
  ]);
  const clusters = selectClusters(model, flags.cluster ?? []);
  const deps = lifecycleDeps({
    model,
    env: ctx.deps.env,
    cacheDir: ctx.cacheDir,
    lockMode: isCI(ctx.deps.env) ? 'verify' : 'write',
    timeoutSeconds,
    recreate: flags.recreate ?? false,
    warn: (message) => ctx.warn(message),
  });
  const dryRun = flags.dryRun ?? false;
  const { dryRunRunner } = await import('../../lib/process/dry-run-runner.js');
  // A dry run changes nothing, so there is nothing for the checks to protect.
  const checks = flags.checks !== false && !flags.dryRun;
  const result = await runPipeline(stageTasks(stage, clusters, deps, { checks }), {
    mode: flags.json ? 'silent' : dryRun || !ctx.deps.interactive ? 'plain' : 'tty',
    signal: ctx.deps.signal,
    runner: dryRun ? dryRunRunner(ctx.deps.runner) : ctx.deps.runner,
    dryRun,
    verbose: dryRun || (ctx.options.verbose ?? false),
    write: ctx.deps.stderr,
    color: ctx.deps.color,
  });
  const summary = summarize(result);
  const error = pipelineError(result);
  if (error) {
    error.data = toJson(stage, dryRun, result);
    throw error;
  }
  for (const o of result.outcomes.filter((o) => o.id.startsWith('create:') && o.value === 'differs')) {
    ctx.warn(
      `cluster ${o.id.slice('create:'.length)} differs from the config and was left alone (see above); \`mesh ${stage} --recreate\` replaces it`,
    );
  }
  if (flags.json) ctx.deps.stdout(`${JSON.stringify(toJson(stage, dryRun, result), null, 2)}\n`);
  else ctx.deps.stdout(`mesh ${stage}${dryRun ? ' --dry-run' : ''}: ${summary.text.split('\n').at(-1)}\n`);
}

function toJson(stage: Stage, dryRun: boolean, result: PipelineResult) {
  return {
    stage,
    dryRun,
    ok: result.outcomes.every((o) => o.status === 'succeeded'),
    durationMs: Math.round(result.durationMs),
    tasks: result.outcomes.map((o) => ({
      id: o.id,
      status: o.status,
      durationMs: Math.round(o.durationMs),
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.id.startsWith('verify:') ? { checks: o.value ?? (o.error as { results?: unknown })?.results ?? [] } : {}),
      ...(o.id.startsWith('create:') || o.id.startsWith('teardown:') ? { result: o.value ?? null } : {}),
    })),
  };
}
