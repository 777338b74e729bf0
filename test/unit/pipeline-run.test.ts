import { describe, expect, test } from 'vitest';
import { InterruptedError, ToolError } from '../../lib/errors.js';
import { runPipeline, type RunOptions } from '../../lib/pipeline/run.js';
import type { Task, TaskContext, TaskInputs } from '../../lib/pipeline/types.js';
import { FakeRunner } from '../helpers/fake-runner.js';

// Concurrency is proven with gates, never with sleeps: a task that waits for a gate
// only the test opens. A wrong schedule deadlocks, and the per-test timeout names it.
const QUICK = { timeout: 5_000 };

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: unknown) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Tasks that log when they start and finish only when the test opens their gate. */
function gated() {
  const log: string[] = [];
  const starts = new Map<string, Deferred<{ context: TaskContext; inputs: TaskInputs }>>();
  const gates = new Map<string, Deferred<unknown>>();
  const get = <T>(map: Map<string, Deferred<T>>, id: string) => map.get(id) ?? map.set(id, deferred<T>()).get(id)!;
  const task = (id: string, needs: string[] = []): Task => ({
    id,
    title: id.replace(':', ' '),
    needs,
    async run(context, inputs) {
      log.push(id);
      get(starts, id).resolve({ context, inputs });
      return get(gates, id).promise;
    },
  });
  return {
    log,
    task,
    up: (...clusters: string[]) =>
      clusters.flatMap((c) => [
        task(`create:${c}`),
        task(`render:${c}`),
        task(`deploy:${c}`, [`create:${c}`, `render:${c}`]),
        task(`verify:${c}`, [`deploy:${c}`]),
      ]),
    started: (id: string) => get(starts, id).promise,
    open: (id: string, value: unknown = `${id} done`) => get(gates, id).resolve(value),
    fail: (id: string, error: unknown) => get(gates, id).reject(error),
  };
}

function options(overrides: Partial<RunOptions> = {}): RunOptions {
  return {
    mode: 'silent',
    signal: new AbortController().signal,
    runner: new FakeRunner(),
    dryRun: false,
    verbose: false,
    write: () => {},
    ...overrides,
  };
}

// Lets every pending promise callback run, so "has not started" means it will not start without more input.
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('runPipeline schedules by needs', () => {
  test('create and render of a cluster run at the same time; deploy starts only after both', QUICK, async () => {
    const g = gated();
    const run = runPipeline(g.up('cluster-a'), options());
    await Promise.all([g.started('create:cluster-a'), g.started('render:cluster-a')]); // both in flight, neither finished
    g.open('create:cluster-a');
    await settle();
    expect(g.log).not.toContain('deploy:cluster-a');
    g.open('render:cluster-a');
    await g.started('deploy:cluster-a');
    expect(g.log).not.toContain('verify:cluster-a');
    g.open('deploy:cluster-a');
    await g.started('verify:cluster-a');
    g.open('verify:cluster-a');
    const result = await run;
    expect(result.outcomes.map((o) => [o.id, o.status])).toEqual([
      ['create:cluster-a', 'succeeded'],
      ['render:cluster-a', 'succeeded'],
      ['deploy:cluster-a', 'succeeded'],
      ['verify:cluster-a', 'succeeded'],
    ]);
  });

  test("two clusters' chains run side by side; one slow create does not hold back the other cluster", QUICK, async () => {
    const g = gated();
    const run = runPipeline(g.up('cluster-a', 'cluster-b'), options());
    await Promise.all(['create:cluster-a', 'render:cluster-a', 'create:cluster-b', 'render:cluster-b'].map(g.started));
    g.open('create:cluster-a');
    g.open('render:cluster-a');
    g.open('render:cluster-b');
    // create:cluster-b is still running: not batch by batch, cluster-a goes on.
    await g.started('deploy:cluster-a');
    g.open('deploy:cluster-a');
    await g.started('verify:cluster-a');
    expect(g.log).not.toContain('deploy:cluster-b');
    g.open('create:cluster-b');
    await g.started('deploy:cluster-b');
    // Both verifies and deploy:cluster-b are in flight together.
    g.open('deploy:cluster-b');
    await g.started('verify:cluster-b');
    g.open('verify:cluster-a');
    g.open('verify:cluster-b');
    const result = await run;
    expect(result.outcomes.every((o) => o.status === 'succeeded')).toBe(true);
    expect(result.outcomes.map((o) => o.id)).toEqual(g.up('cluster-a', 'cluster-b').map((t) => t.id)); // plan order
  });

  test('each task gets the values of what it needs as inputs', QUICK, async () => {
    const seen: Record<string, Record<string, unknown>> = {};
    const t = (id: string, needs: string[], value: unknown): Task => ({
      id,
      title: id,
      needs,
      run: async (_context, inputs) => ((seen[id] = Object.fromEntries(inputs)), value),
    });
    const result = await runPipeline(
      [
        t('create:a', [], 'created'),
        t('render:a', [], new Map([['istiod', 'yaml']])),
        t('deploy:a', ['create:a', 'render:a'], ['step']),
        t('verify:a', ['deploy:a'], true),
      ],
      options(),
    );
    expect(seen).toEqual({
      'create:a': {},
      'render:a': {},
      'deploy:a': { 'create:a': 'created', 'render:a': new Map([['istiod', 'yaml']]) },
      'verify:a': { 'deploy:a': ['step'] },
    });
    expect(result.outcomes.map((o) => o.value)).toEqual(['created', new Map([['istiod', 'yaml']]), ['step'], true]);
  });
});

describe('runPipeline on failure', () => {
  test("a failed create skips that cluster's deploy and verify; the other cluster finishes", QUICK, async () => {
    const g = gated();
    const run = runPipeline(g.up('cluster-a', 'cluster-b'), options());
    const error = new ToolError({ command: 'k3d cluster create cluster-a', code: 1, stderr: 'port 6443 is in use', hint: 'free the port' });
    g.fail('create:cluster-a', error);
    for (const id of ['render:cluster-a', 'create:cluster-b', 'render:cluster-b', 'deploy:cluster-b', 'verify:cluster-b']) {
      await g.started(id);
      g.open(id);
    }
    const result = await run;
    const byId = Object.fromEntries(result.outcomes.map((o) => [o.id, o]));
    expect(byId['create:cluster-a']).toMatchObject({ status: 'failed', reason: error.message, error });
    expect(byId['render:cluster-a']!.status).toBe('succeeded');
    // Transitively too: verify never needed create directly, and says what actually failed.
    expect(byId['deploy:cluster-a']).toMatchObject({ status: 'skipped', reason: 'needs create:cluster-a, which failed', durationMs: 0 });
    expect(byId['verify:cluster-a']).toMatchObject({ status: 'skipped', reason: 'needs create:cluster-a, which failed' });
    expect(['create', 'render', 'deploy', 'verify'].map((step) => byId[`${step}:cluster-b`]!.status)).toEqual([
      'succeeded',
      'succeeded',
      'succeeded',
      'succeeded',
    ]);
    expect(g.log).not.toContain('deploy:cluster-a');
    expect(result.abortReason).toBeUndefined();
  });

  test('a task that throws synchronously fails like one that rejects', QUICK, async () => {
    const boom: Task = {
      id: 'a',
      title: 'a',
      needs: [],
      run: () => {
        throw new TypeError('not a function');
      },
    };
    const result = await runPipeline([boom, { id: 'b', title: 'b', needs: ['a'], run: async () => 1 }], options());
    expect(result.outcomes.map((o) => [o.status, o.reason])).toEqual([
      ['failed', 'not a function'],
      ['skipped', 'needs a, which failed'],
    ]);
  });

  test('a broken graph rejects before any task runs', QUICK, async () => {
    const g = gated();
    await expect(runPipeline([g.task('create:a'), g.task('deploy:a', ['crate:a'])], options())).rejects.toThrow('did you mean "create:a"?');
    expect(g.log).toEqual([]);
  });
});

describe('runPipeline on abort', () => {
  test('running tasks see the aborted signal; unstarted ones are skipped as interrupted', QUICK, async () => {
    const controller = new AbortController();
    const g = gated();
    const tasks = g.up('cluster-a').map((t): Task => ({
      ...t,
      // Like the real runner: the child is killed and the call rejects with the signal's reason.
      run: async (context, inputs) => {
        const running = t.run(context, inputs);
        await new Promise((_, reject) => context.signal.addEventListener('abort', () => reject(context.signal.reason), { once: true }));
        return running;
      },
    }));
    // A grace period far longer than the test's timeout: resolving proves runPipeline did not wait it out.
    const run = runPipeline(tasks, options({ signal: controller.signal, graceMs: 60_000 }));
    const [create] = await Promise.all([g.started('create:cluster-a'), g.started('render:cluster-a')]);
    expect(create.context.signal.aborted).toBe(false);
    const reason = new InterruptedError('SIGINT');
    controller.abort(reason);
    const result = await run;
    expect(create.context.signal.aborted).toBe(true);
    expect(result.outcomes.map((o) => [o.id, o.status, o.reason])).toEqual([
      ['create:cluster-a', 'failed', 'interrupted'],
      ['render:cluster-a', 'failed', 'interrupted'],
      ['deploy:cluster-a', 'skipped', 'interrupted'],
      ['verify:cluster-a', 'skipped', 'interrupted'],
    ]);
    expect(result.outcomes[0]!.error).toBe(reason);
    expect(result.abortReason).toBe(reason);
    expect(g.log).toEqual(['create:cluster-a', 'render:cluster-a']);
  });

  test('a task that ignores the signal is given up on after the grace period', QUICK, async () => {
    const controller = new AbortController();
    const g = gated(); // never opened: the task would run forever
    const run = runPipeline([g.task('create:a'), g.task('deploy:a', ['create:a'])], options({ signal: controller.signal, graceMs: 100 }));
    await g.started('create:a');
    const aborted = performance.now();
    controller.abort(new InterruptedError('SIGTERM'));
    const result = await run;
    expect(performance.now() - aborted).toBeGreaterThanOrEqual(95);
    expect(result.outcomes.map((o) => [o.status, o.reason])).toEqual([
      ['failed', 'interrupted; still running 0.1s later, given up on'],
      ['skipped', 'interrupted'],
    ]);
    g.open('create:a'); // settling late changes nothing
    await settle();
    expect(result.outcomes[0]!.status).toBe('failed');
  });

  test('with the signal already aborted nothing runs', QUICK, async () => {
    const controller = new AbortController();
    controller.abort(new InterruptedError('SIGINT'));
    const g = gated();
    const result = await runPipeline(g.up('cluster-a'), options({ signal: controller.signal }));
    expect(g.log).toEqual([]);
    expect(result.outcomes.map((o) => o.reason)).toEqual(['interrupted', 'interrupted', 'interrupted', 'interrupted']);
  });
});
