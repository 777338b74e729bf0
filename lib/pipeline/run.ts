import type { Runner } from '../process/runner.js';
import { planGraph } from './graph.js';
import { schedule, type PipelineView } from './schedule.js';
import { plainView, silentView } from './view-plain.js';
import type { GraphPlan, OutputMode, PipelineResult, Task } from './types.js';

export interface RunOptions {
  /** `tty`: live Listr2 lines; `plain`: timestamped log lines; `silent`: nothing. */
  mode: OutputMode;
  /** Aborted on Ctrl-C / SIGTERM: unstarted tasks are skipped, running ones see it. */
  signal: AbortSignal;
  /**
   * The runner tasks get. Pass the CLI's unwrapped runner: under --verbose the
   * pipeline prints each command under its own task, which a runner that
   * already prints (Context.runner) would duplicate across the live display.
   */
  runner: Runner;
  dryRun: boolean;
  /** Print the commands each task runs, attributed to the task. */
  verbose: boolean;
  /** Where progress goes: stderr, so stdout stays for results. */
  write: (text: string) => void;
  /**
   * Colours. tty: undefined leaves the choice to Listr2 (colorette: off under
   * NO_COLOR, on with FORCE_COLOR), false turns them off. plain: only when
   * true, and never under NO_COLOR.
   */
  color?: boolean;
  /** How long running tasks get to stop after an abort before runPipeline gives up on them. */
  graceMs?: number;
}

/**
 * A task stopping on abort takes as long as killing its children, well under
 * a second; 2 s is long enough for that and short enough that Ctrl-C still
 * feels immediate. A task still running then is reported as given up on.
 */
export const ABORT_GRACE_MS = 2_000;

/**
 * Checks the tasks as a graph (a bad graph throws before anything runs), then
 * runs them as concurrently as their needs allow, showing progress in the
 * chosen mode. Resolves with every task's outcome, in plan order, once all
 * have finished or been skipped; never rejects for a task's failure.
 */
export async function runPipeline(tasks: readonly Task[], options: RunOptions): Promise<PipelineResult> {
  const plan = planGraph(tasks);
  const view = await openView(plan, options);
  const result = await schedule(plan, new Map(tasks.map((t) => [t.id, t])), {
    signal: options.signal,
    runner: options.runner,
    dryRun: options.dryRun,
    verbose: options.verbose,
    graceMs: options.graceMs ?? ABORT_GRACE_MS,
    events: view,
  });
  await view.close();
  return result;
}

// Listr2 is loaded only for a terminal: plain and silent runs, and every test of them, skip it.
async function openView(plan: GraphPlan, options: RunOptions): Promise<PipelineView> {
  switch (options.mode) {
    case 'tty': {
      const { ttyView } = await import('./view-tty.js');
      return ttyView(plan, {
        write: options.write,
        verbose: options.verbose,
        ...(options.color === undefined ? {} : { color: options.color }),
      });
    }
    case 'plain':
      return plainView(plan, { write: options.write, color: options.color === true });
    case 'silent':
      return silentView();
  }
}
