import {
  createWritable,
  DefaultRenderer,
  Listr,
  ListrDefaultRendererLogLevels,
  ListrLogger,
  ProcessOutput,
  type ListrTaskWrapper,
} from 'listr2';
import type { PipelineView } from './schedule.js';
import { firstLine, formatDuration } from './text.js';
import type { GraphPlan, TaskOutcome } from './types.js';

export interface TtyViewOptions {
  write: (text: string) => void;
  verbose: boolean;
  /** false strips Listr2's colours; undefined keeps colorette's own choice (off under NO_COLOR). */
  color?: boolean;
}

type Wrapper = ListrTaskWrapper<unknown, typeof DefaultRenderer, typeof DefaultRenderer>;

interface Row {
  /** The task's own title; `title` is what shows now. */
  base: string;
  title: string;
  /** Needs not finished yet, shown in the title while the task waits. */
  waiting: Set<string>;
  /** Output that came before Listr2 ran the task's function, replayed then. */
  early: string[];
  wrapper?: Wrapper;
  done: Promise<TaskOutcome>;
  finish: (outcome: TaskOutcome) => void;
}

/**
 * Live progress on a terminal with Listr2's default renderer: one line per
 * task, its report()s (and, with --verbose, its commands) underneath.
 *
 * Listr2 only draws here; the scheduler decides what runs. Every Listr task
 * starts at once (`concurrent: true`) and waits for its outcome, so Listr's
 * own failure handling must stay out of the way (`exitOnError: false`), and
 * it must not take over Ctrl-C (`registerSignalListeners: false`: the CLI
 * turns signals into the abort signal; Listr would otherwise exit(127)).
 */
export function ttyView(plan: GraphPlan, options: TtyViewOptions): PipelineView {
  const rows = new Map<string, Row>(
    plan.tasks.map((t) => {
      let finish!: (outcome: TaskOutcome) => void;
      const done = new Promise<TaskOutcome>((resolve) => (finish = resolve));
      return [t.id, { base: t.title, title: waitingTitle(t.title, new Set(t.needs)), waiting: new Set(t.needs), early: [], done, finish }];
    }),
  );
  const row = (id: string) => rows.get(id)!;
  const setTitle = (r: Row, title: string) => {
    r.title = title;
    if (r.wrapper) r.wrapper.title = title;
  };
  const setOutput = (r: Row, output: string) => {
    if (r.wrapper) r.wrapper.output = output;
    else r.early.push(output);
  };
  // Listr2 keeps only a task's latest output line, and drops it when the task ends.
  const notes: string[] = [];
  // Verbose keeps every command under its task; otherwise only the latest report shows.
  const taskOptions = options.verbose ? { outputBar: Infinity, persistentOutput: true } : { outputBar: true };
  const listr = new Listr<unknown, 'default', 'default'>(
    plan.tasks.map((t) => ({
      title: row(t.id).title,
      // Listr2 reads the fallback's task options when it picked the fallback (see listrOptions).
      rendererOptions: taskOptions,
      fallbackRendererOptions: taskOptions,
      task: async (_ctx: unknown, wrapper: Wrapper) => {
        const r = row(t.id);
        r.wrapper = wrapper;
        wrapper.title = r.title;
        for (const output of r.early.splice(0)) wrapper.output = output;
        settle(wrapper, r.base, await r.done);
      },
    })),
    listrOptions(options),
  );
  // Listr only rejects on a bug in a renderer; keep it for close(), so it is never unhandled.
  const rendering = listr.run().then(
    () => undefined,
    (error: unknown) => error,
  );
  return {
    started: (id) => setTitle(row(id), row(id).base),
    report: (id, message) => setOutput(row(id), message),
    note: (id, message) => {
      setOutput(row(id), message);
      for (const part of message.split('\n')) if (part.trim()) notes.push(`  ${row(id).base} › ${part}\n`);
    },
    command: (id, display) => setOutput(row(id), `$ ${display}`),
    finished: (outcome) => {
      row(outcome.id).finish(outcome);
      // Dependents of a failure are about to be skipped; only a success changes what others wait for.
      for (const r of rows.values()) {
        if (r.waiting.delete(outcome.id) && outcome.status === 'succeeded') setTitle(r, waitingTitle(r.base, r.waiting));
      }
    },
    close: async () => {
      const error = await rendering;
      if (error !== undefined) throw error;
      if (notes.length > 0) options.write(`notes:\n${notes.join('')}`);
    },
  };
}

function waitingTitle(title: string, waiting: ReadonlySet<string>): string {
  return waiting.size === 0 ? title : `${title} (waiting for ${[...waiting].join(', ')})`;
}

// Listr2 shows a failed task's error message in place of its title and a skipped one's skip message.
function settle(wrapper: Wrapper, title: string, outcome: TaskOutcome): void {
  if (outcome.status === 'succeeded') wrapper.title = `${title} (${formatDuration(outcome.durationMs)})`;
  else if (outcome.status === 'skipped') wrapper.skip(`${title} (skipped: ${outcome.reason ?? ''})`);
  // Only the first line: a tool's stderr would fill the screen; the summary has the rest.
  else throw new Error(`${title}: ${firstLine(outcome.reason ?? 'failed')}`);
}

function listrOptions(options: TtyViewOptions) {
  // Everything goes to `write` (stderr), not process.stdout: stdout stays for results and --json.
  const stream = () =>
    Object.assign(createWritable(options.write), { columns: process.stderr.columns || 80, rows: process.stderr.rows || 24 });
  const rendererOptions = {
    logger: new ListrLogger({
      processOutput: new ProcessOutput(stream() as NodeJS.WriteStream, stream() as NodeJS.WriteStream, { dump: [], leaveEmptyLine: false }),
    }),
    collapseErrors: true,
    collapseSkips: true,
    ...(options.color === false
      ? { color: Object.fromEntries(Object.values(ListrDefaultRendererLogLevels).map((level) => [level, (text?: string) => text ?? ''])) }
      : {}),
  };
  return {
    concurrent: true,
    exitOnError: false,
    registerSignalListeners: false,
    // The caller chose tty mode; Listr2 would fall back to its fallback renderer whenever process.stdout
    // is not a TTY (even when stderr, where this draws, is), so both are the default renderer.
    renderer: 'default' as const,
    fallbackRenderer: 'default' as const,
    rendererOptions,
    fallbackRendererOptions: rendererOptions,
  };
}
