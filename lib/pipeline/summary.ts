import { InterruptedError, isMeshError, MeshError } from '../errors.js';
import { firstLines, formatDuration, messageOf } from './text.js';
import type { PipelineResult, TaskOutcome } from './types.js';

export interface Failure {
  id: string;
  title: string;
  /** The first lines of the error, as shown. */
  reason: string;
  hint?: string;
  error: unknown;
}

export interface PipelineSummary {
  /** Everything succeeded and nothing was interrupted. */
  ok: boolean;
  text: string;
  failures: Failure[];
  skipped: Array<{ id: string; title: string; reason: string }>;
  counts: { succeeded: number; failed: number; skipped: number };
}

/** How many lines of an error the summary keeps: a tool's stderr can run to 40. */
const ERROR_LINES = 8;

/**
 * What went wrong and what did not happen because of it, ending with
 * `N succeeded, N failed, N skipped in 12.3s`. A MeshError says what to fix
 * and its hint how; anything else is a bug in mesh and shows where it was
 * thrown, so it can be reported.
 */
export function summarize(result: PipelineResult): PipelineSummary {
  const failures = result.outcomes.filter((o) => o.status === 'failed').map(failureOf);
  const skipped = result.outcomes.filter((o) => o.status === 'skipped').map((o) => ({ id: o.id, title: o.title, reason: o.reason ?? '' }));
  const counts = { succeeded: result.outcomes.length - failures.length - skipped.length, failed: failures.length, skipped: skipped.length };
  const interrupted = result.abortReason !== undefined;
  const lines: string[] = [];
  if (interrupted) lines.push(result.abortReason instanceof InterruptedError ? result.abortReason.message : 'interrupted');
  else if (failures.length > 0) lines.push(`${failures.length} of ${result.outcomes.length} tasks failed`);
  for (const f of failures) {
    const [first = '', ...rest] = f.reason.split('\n');
    lines.push(`  ✖ ${f.title}: ${first}`, ...rest.map((line) => `      ${line}`));
    if (f.hint) lines.push(`    hint: ${f.hint}`);
  }
  for (const s of skipped) lines.push(`  ↓ ${s.title} (skipped: ${s.reason})`);
  lines.push(`${counts.succeeded} succeeded, ${counts.failed} failed, ${counts.skipped} skipped in ${formatDuration(result.durationMs)}`);
  return { ok: !interrupted && failures.length === 0 && skipped.length === 0, text: lines.join('\n'), failures, skipped, counts };
}

/**
 * The error the CLI prints and exits with: the InterruptedError (130 or 143)
 * when the run was aborted, a MeshError (exit 1) whose message is the
 * summary when any task failed, undefined when all succeeded.
 */
export function pipelineError(result: PipelineResult): MeshError | undefined {
  if (result.abortReason !== undefined) {
    return result.abortReason instanceof InterruptedError ? result.abortReason : new InterruptedError('SIGINT');
  }
  const summary = summarize(result);
  if (summary.ok) return undefined;
  const errors = summary.failures.map((f) => f.error);
  // The task's own hint when one task failed; otherwise where to look next.
  const hints = [...new Set(summary.failures.map((f) => f.hint).filter((h): h is string => !!h))];
  const hint = hints.length === 1 ? hints[0]! : 'each failed task says why above; --verbose prints every command mesh runs';
  return new MeshError(summary.text, { hint, cause: errors.length === 1 ? errors[0] : new AggregateError(errors, 'tasks failed') });
}

function failureOf(outcome: TaskOutcome): Failure {
  const error = outcome.error;
  // The outcome's reason is the error's message unless the scheduler said more (interrupted, given up on).
  const said = outcome.reason ?? messageOf(error);
  const bug = error instanceof Error && !isMeshError(error) && said === messageOf(error);
  const text = bug && error.stack ? `internal error (a bug in mesh; please report it): ${error.stack}` : said;
  const hint = isMeshError(error) ? error.hint : undefined;
  return { id: outcome.id, title: outcome.title, reason: firstLines(text, ERROR_LINES).join('\n'), ...(hint ? { hint } : {}), error };
}
