import type { Runner } from '../process/runner.js';

/**
 * A step of `mesh up` / `mesh down`: a composable task that declares what it
 * needs. The pipeline runs each task once everything it needs has succeeded,
 * as many at once as the graph allows.
 */
export interface Task<R = unknown> {
  /** Unique in a run, e.g. `create:cluster-a`. */
  id: string;
  /** What progress output shows, e.g. `create cluster cluster-a`. */
  title: string;
  /** Ids of tasks that must succeed first. */
  needs: readonly string[];
  run(context: TaskContext, inputs: TaskInputs): Promise<R>;
}

/**
 * A typed handle on a task's result: the task that makes it and the tasks
 * that need it share the key, so a result is read with its type, never cast.
 */
export interface TaskKey<R> {
  readonly id: string;
  /** Carries R for the type checker only; never set. */
  readonly result?: R;
}

/** The results of the tasks a task needs, by id. */
export class TaskInputs extends Map<string, unknown> {
  /** The result of a needed task, typed by its key; undefined when the task was not needed. */
  of<R>(key: TaskKey<R>): R | undefined {
    return this.get(key.id) as R | undefined;
  }
}

export interface TaskContext {
  /** Every tool call goes through it; under --dry-run it prints instead of changing anything. */
  runner: Runner;
  signal: AbortSignal;
  dryRun: boolean;
  /** A line of progress for this task (the live title on a terminal, a log line in CI). */
  report(message: string): void;
  /**
   * A line worth keeping: what a task changed or found (a cluster already
   * running, a check's warning, an object pruned). A log shows it like a
   * report; a terminal's live view also lists it once the view ends.
   */
  note(message: string): void;
}

export type TaskStatus = 'succeeded' | 'failed' | 'skipped';

export interface TaskOutcome {
  id: string;
  title: string;
  status: TaskStatus;
  /** Why it failed, or which needed task failed when skipped. */
  reason?: string;
  error?: unknown;
  value?: unknown;
  durationMs: number;
}

export interface PipelineResult {
  outcomes: TaskOutcome[];
  /** Wall time of the whole run. */
  durationMs: number;
  /** The abort signal's reason (an InterruptedError from the CLI), when the run was interrupted. */
  abortReason?: unknown;
}

/** The pure plan of a run: what `mesh plan` prints. */
export interface GraphPlan {
  tasks: Array<{ id: string; title: string; needs: string[] }>;
  /** Groups that can run together: every task's needs are in earlier batches. */
  batches: string[][];
}

export type OutputMode = 'tty' | 'plain' | 'silent';
