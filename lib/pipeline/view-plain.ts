import type { PipelineView } from './schedule.js';
import { clock, firstLine, formatDuration } from './text.js';
import type { GraphPlan } from './types.js';

export interface PlainViewOptions {
  write: (text: string) => void;
  /** SGR colours on the icons; off unless the caller allows them, and always off under NO_COLOR. */
  color: boolean;
  env?: NodeJS.ProcessEnv;
  now?: () => Date;
}

/**
 * Progress as log lines, for CI and for output that is not a terminal: one
 * line per event, each with a timestamp and the task's title (tasks run at
 * the same time, so a line must say whose it is), no cursor movement.
 *
 *   [12:00:01] ❯ create cluster cluster-a
 *   [12:00:02]   create cluster cluster-a › created cluster-a
 *   [12:00:02]   create cluster cluster-a $ k3d cluster create …   (--verbose)
 *   [12:00:05] ✔ create cluster cluster-a (4.1s)
 *   [12:00:05] ✖ deploy to cluster-a: `kubectl apply …` exited with code 1
 *   [12:00:05] ↓ verify cluster-a (skipped: needs deploy:cluster-a, which failed)
 *
 * Not Listr2's `simple` renderer: it logs every task as started at once (for
 * Listr every task of a concurrent list starts, then waits for its needs),
 * prints output lines without saying which task they belong to, times with
 * whole seconds, and sends failures to process.stderr rather than `write`.
 */
export function plainView(plan: GraphPlan, options: PlainViewOptions): PipelineView {
  const titles = new Map(plan.tasks.map((t) => [t.id, t.title]));
  const color = options.color && !('NO_COLOR' in (options.env ?? process.env));
  const paint = (code: number) => (text: string) => (color ? `\x1b[${code}m${text}\x1b[39m` : text);
  const [green, red, yellow, dim] = [paint(32), paint(31), paint(33), (text: string) => (color ? `\x1b[2m${text}\x1b[22m` : text)];
  const line = (icon: string, text: string) => options.write(`${dim(clock(options.now?.() ?? new Date()))} ${icon} ${text}\n`);
  // Every line of a multi-line message keeps the task's title, so a grep for a task finds all of it.
  const lines = (id: string, mark: string, text: string) => {
    for (const part of text.split('\n')) if (part.trim()) line(' ', `${titles.get(id) ?? id} ${mark} ${part}`);
  };
  return {
    started: (id) => line(yellow('❯'), titles.get(id) ?? id),
    report: (id, message) => lines(id, '›', message),
    note: (id, message) => lines(id, '›', message),
    command: (id, display) => lines(id, dim('$'), display),
    finished: (outcome) => {
      if (outcome.status === 'succeeded') line(green('✔'), `${outcome.title} ${dim(`(${formatDuration(outcome.durationMs)})`)}`);
      else if (outcome.status === 'failed') line(red('✖'), `${outcome.title}: ${firstLine(outcome.reason ?? 'failed')}`);
      else line(yellow('↓'), `${outcome.title} (skipped: ${outcome.reason ?? ''})`);
    },
    close: async () => {},
  };
}

/** No output at all: for --json and for callers that print their own. */
export function silentView(): PipelineView {
  return { started() {}, report() {}, note() {}, command() {}, finished() {}, close: async () => {} };
}
