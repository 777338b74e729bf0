import { observedRunner, type Runner } from '../process/runner.js';
import { formatDuration, messageOf } from './text.js';
import { TaskInputs, type GraphPlan, type PipelineResult, type Task, type TaskContext, type TaskOutcome } from './types.js';

/** What the scheduler tells a progress view; the view decides how (or whether) to show it. */
export interface PipelineEvents {
  started(id: string): void;
  report(id: string, message: string): void;
  note(id: string, message: string): void;
  /** A command a task runs, under --verbose. */
  command(id: string, display: string): void;
  finished(outcome: TaskOutcome): void;
}

/** A progress view: the events, and `close` once every task has finished (resolves when output is complete). */
export interface PipelineView extends PipelineEvents {
  close(): Promise<void>;
}

export interface ScheduleOptions {
  signal: AbortSignal;
  runner: Runner;
  dryRun: boolean;
  verbose: boolean;
  /** How long running tasks get to stop after an abort before they are given up on. */
  graceMs: number;
  events: PipelineEvents;
}

/**
 * Runs a checked plan: each task starts the moment everything it needs has
 * succeeded (not batch by batch, so a slow render never holds back another
 * cluster's create). Never rejects: every task ends as an outcome.
 *
 * - A failure skips everything that needs it, directly or not; independent
 *   branches run to the end, so one broken cluster does not stop the others.
 * - An abort skips what has not started, and running tasks see it through
 *   their signal (the runner kills their children). A task that ignores the
 *   signal is given up on after `graceMs`, so Ctrl-C always returns promptly;
 *   its promise is left to settle on its own, unobserved.
 */
export function schedule(plan: GraphPlan, tasks: ReadonlyMap<string, Task>, options: ScheduleOptions): Promise<PipelineResult> {
  const { signal, events } = options;
  const began = performance.now();
  const outcomes = new Map<string, TaskOutcome>();
  const startedAt = new Map<string, number>();
  const waitingOn = new Map(plan.tasks.map((t) => [t.id, new Set(t.needs)]));
  const neededBy = dependentsOf(plan);
  let abortReason: unknown;
  let grace: NodeJS.Timeout | undefined;
  let resolve!: (result: PipelineResult) => void;
  const result = new Promise<PipelineResult>((r) => (resolve = r));

  const finish = (outcome: TaskOutcome): void => {
    if (outcomes.has(outcome.id)) return; // given up on at the end of the grace period, settling late
    outcomes.set(outcome.id, outcome);
    events.finished(outcome);
    const reason = outcome.status === 'failed' ? `needs ${outcome.id}, which failed` : (outcome.reason ?? '');
    for (const next of neededBy.get(outcome.id)!) {
      if (outcomes.has(next)) continue;
      if (outcome.status !== 'succeeded') {
        finish(skipped(next, reason));
        continue;
      }
      waitingOn.get(next)!.delete(outcome.id);
      if (waitingOn.get(next)!.size === 0) start(next);
    }
    if (outcomes.size === plan.tasks.length) done();
  };

  const start = (id: string): void => {
    const task = tasks.get(id)!;
    startedAt.set(id, performance.now());
    events.started(id);
    const live = () => !outcomes.has(id); // a task given up on says nothing more
    const context: TaskContext = {
      runner: options.verbose
        ? observedRunner(options.runner, ({ display, result }) => {
            if (!result && live()) events.command(id, display);
          })
        : options.runner,
      signal,
      dryRun: options.dryRun,
      report: (message) => {
        if (live()) events.report(id, message);
      },
      note: (message) => {
        if (live()) events.note(id, message);
      },
    };
    const inputs = new TaskInputs(task.needs.map((need) => [need, outcomes.get(need)!.value]));
    const took = () => performance.now() - startedAt.get(id)!;
    // Through a microtask, so a task that throws synchronously fails like one that rejects.
    Promise.resolve()
      .then(() => task.run(context, inputs))
      .then(
        (value) => finish({ id, title: task.title, status: 'succeeded', value, durationMs: took() }),
        // After an abort, whatever went wrong went wrong because of it.
        (error: unknown) =>
          finish({
            id,
            title: task.title,
            status: 'failed',
            reason: signal.aborted ? 'interrupted' : messageOf(error),
            error,
            durationMs: took(),
          }),
      );
  };

  const skipped = (id: string, reason: string): TaskOutcome => ({
    id,
    title: tasks.get(id)!.title,
    status: 'skipped',
    reason,
    durationMs: 0,
  });

  const onAbort = (): void => {
    abortReason = signal.reason;
    for (const t of plan.tasks) if (!startedAt.has(t.id)) finish(skipped(t.id, 'interrupted'));
    if (outcomes.size === plan.tasks.length) return;
    grace = setTimeout(() => {
      const why = `interrupted; still running ${formatDuration(options.graceMs)} later, given up on`;
      for (const [id, at] of startedAt) {
        if (!outcomes.has(id))
          finish({
            id,
            title: tasks.get(id)!.title,
            status: 'failed',
            reason: why,
            error: signal.reason,
            durationMs: performance.now() - at,
          });
      }
    }, options.graceMs);
  };

  let settled = false;
  const done = (): void => {
    if (settled) return;
    settled = true;
    clearTimeout(grace);
    signal.removeEventListener('abort', onAbort);
    const ordered = plan.tasks.map((t) => outcomes.get(t.id)!);
    resolve({ outcomes: ordered, durationMs: performance.now() - began, ...(abortReason === undefined ? {} : { abortReason }) });
  };

  if (signal.aborted) onAbort();
  else {
    signal.addEventListener('abort', onAbort, { once: true });
    for (const t of plan.tasks) if (t.needs.length === 0) start(t.id);
  }
  if (plan.tasks.length === 0) done();
  return result;
}

function dependentsOf(plan: GraphPlan): Map<string, string[]> {
  const neededBy = new Map<string, string[]>(plan.tasks.map((t) => [t.id, []]));
  for (const t of plan.tasks) for (const need of t.needs) neededBy.get(need)!.push(t.id);
  return neededBy;
}
