import { parseDuration } from '../../lib/text/duration.js';
import { ConfigError, MeshError } from '../../lib/errors.js';
import { stepOf } from '../../tasks/keys.js';
import type { Stage } from '../../tasks/stages.js';
import type { PipelineResult } from '../../lib/pipeline/types.js';
import { Option } from 'commander';
import { isCI, type Context } from '../context.js';
import { collect, type Register } from '../host.js';

interface LifecycleFlags {
  cluster?: string[];
  dryRun?: boolean;
  recreate?: boolean;
  pruneCrds?: boolean;
  deleteCrds?: boolean;
  preload?: boolean;
  timeout?: string;
  json?: boolean;
  checks?: boolean;
}

/** The stages, as commands, each with the flags that mean something to it. */
export const STAGES: Array<[Stage, string, Array<'timeout' | 'recreate' | 'checks' | 'prune' | 'delete-crds' | 'preload'>]> = [
  ['up', 'create, render, deploy and verify every cluster of the config', ['timeout', 'recreate', 'checks', 'prune', 'preload']],
  ['down', "delete the config's k3d clusters (and networks mesh made), and what mesh applied to existing ones", ['delete-crds']],
  ['create', 'create the clusters (a running one is left alone, a stopped one started)', ['recreate']],
  ['deploy', 'apply the rendered manifests in the order Istio needs, and wait for them', ['timeout', 'recreate', 'prune']],
  ['verify', 'check CRDs, istiod, the injector webhook, the Istio pods and each cross-cluster host; exit 1 on any failure', ['timeout']],
  ['teardown', "delete the config's clusters (the same as down)", ['delete-crds']],
];

/** The lifecycle commands: each runs its stage's tasks as one pipeline. */
export const registerLifecycle: Register = (program, host) => {
  for (const [stage, description, extra] of STAGES) {
    const command = program
      .command(stage)
      .description(description)
      .option('--cluster <name>', 'only this cluster (repeatable)', collect, [])
      .option('--dry-run', 'print every command that would run, in order, and change nothing')
      .option('--json', 'print the outcome of every task as JSON');
    if (extra.includes('timeout'))
      command.option(
        '--timeout <duration>',
        "how long each wait (and each cross-cluster probe) may take (e.g. 90s, 5m; default: the config's wait.timeout, else 5m)",
      );
    if (extra.includes('recreate')) command.option('--recreate', 'delete and create again a cluster whose config differs');
    if (extra.includes('prune'))
      command.option('--prune-crds', 'also delete CRDs a target no longer renders (and with them every object of their kinds)');
    if (extra.includes('preload'))
      command.option('--preload', 'pull every image the clusters run once on this machine and import it into each k3d cluster');
    if (extra.includes('delete-crds'))
      command.option(
        '--delete-crds',
        'on existing clusters, also delete the CRDs mesh applied (and with them every object of their kinds)',
      );
    if (extra.includes('checks')) command.addOption(new Option('--no-checks', 'skip the doctor checks mesh up runs first'));
    command.action(async (flags: LifecycleFlags) => {
      host.json(flags.json);
      await lifecycle(host.context(), stage, flags);
    });
  }
};

/**
 * `mesh up`, `down`, `create`, `deploy`, `verify`, `teardown`: the stage's
 * tasks for the selected clusters, run as one dependency-ordered pipeline.
 * `up` runs the blocking doctor checks first and touches nothing if one fails.
 */
async function lifecycle(ctx: Context, stage: Stage, flags: LifecycleFlags): Promise<void> {
  // A bare number would read as seconds to some and minutes to others: the flag wants a unit.
  if (flags.timeout !== undefined && /^\s*\d+\s*$/.test(flags.timeout)) {
    throw new ConfigError(`--timeout ${flags.timeout}: give a unit, e.g. ${flags.timeout.trim()}s or ${flags.timeout.trim()}m`, {
      hint: 'durations read 90s, 5m, 1m30s or 1h',
    });
  }
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
  const mode = flags.json ? 'silent' : flags.dryRun || !ctx.deps.interactive ? 'plain' : 'tty';
  // A line written while the live view redraws would be drawn over: held until it ends.
  const live = mode === 'tty';
  const held: string[] = [];
  const deps = lifecycleDeps({
    model,
    env: ctx.deps.env,
    cacheDir: ctx.cacheDir,
    lockMode: isCI(ctx.deps.env) ? 'verify' : 'write',
    timeoutSeconds,
    recreate: flags.recreate ?? false,
    pruneCrds: flags.pruneCrds ?? flags.deleteCrds ?? false,
    warn: (message) => (live ? held.push(message) : ctx.warn(message)),
  });
  const dryRun = flags.dryRun ?? false;
  const { dryRunRunner } = await import('../../lib/process/dry-run-runner.js');
  // A dry run changes nothing, so there is nothing for the checks to protect.
  const checks = flags.checks !== false && !flags.dryRun;
  const pipeline = () =>
    runPipeline(stageTasks(stage, clusters, deps, { checks, preload: flags.preload ?? false }), {
      mode,
      signal: ctx.deps.signal,
      runner: dryRun ? dryRunRunner(ctx.deps.runner) : ctx.deps.runner,
      dryRun,
      verbose: dryRun || (ctx.options.verbose ?? false),
      write: ctx.deps.stderr,
      color: ctx.deps.color,
    });
  // A dry run changes nothing, and may run beside a real one.
  const result = dryRun
    ? await pipeline()
    : await ctx.exclusive(model.dir, `mesh ${stage}${flags.cluster?.length ? ` --cluster ${flags.cluster.join(',')}` : ''}`, pipeline);
  for (const message of held) ctx.warn(message);
  const summary = summarize(result);
  const error = pipelineError(result);
  if (error) {
    error.data = toJson(stage, dryRun, result);
    throw error;
  }
  for (const o of result.outcomes.filter((o) => stepOf(o.id).step === 'create' && o.value === 'differs')) {
    ctx.warn(
      `cluster ${stepOf(o.id).subject} differs from the config and was left alone (see above); \`mesh ${stage} --recreate\` replaces it`,
    );
  }
  if (flags.json) ctx.deps.stdout(`${JSON.stringify(toJson(stage, dryRun, result), null, 2)}\n`);
  else ctx.deps.stdout(`mesh ${stage}${dryRun ? ' --dry-run' : ''}: ${summary.text.split('\n').at(-1)}\n`);
}

function toJson(stage: Stage, dryRun: boolean, result: PipelineResult) {
  return {
    schemaVersion: 1,
    stage,
    dryRun,
    ok: result.outcomes.every((o) => o.status === 'succeeded'),
    durationMs: Math.round(result.durationMs),
    tasks: result.outcomes.map((o) => {
      const { step } = stepOf(o.id);
      // A verify that failed carries its check results on its error.
      const failedChecks = o.error instanceof MeshError && 'results' in o.error ? o.error.results : undefined;
      return {
        id: o.id,
        status: o.status,
        durationMs: Math.round(o.durationMs),
        ...(o.reason ? { reason: o.reason } : {}),
        ...(step === 'verify' ? { checks: o.value ?? failedChecks ?? [] } : {}),
        ...(step === 'create' || step === 'teardown' ? { result: o.value ?? null } : {}),
      };
    }),
  };
}
