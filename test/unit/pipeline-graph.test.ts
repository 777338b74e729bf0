import { describe, expect, test } from 'vitest';
import { criticalPath, planGraph } from '../../lib/pipeline/graph.js';
import type { Task } from '../../lib/pipeline/types.js';

const task = (id: string, needs: string[] = []): Task => ({ id, title: id.replace(':', ' '), needs, run: async () => id });

/** `mesh up` for the given clusters, composed cluster by cluster as the CLI does. */
function upTasks(...clusters: string[]): Task[] {
  return clusters.flatMap((c) => [
    task(`create:${c}`),
    task(`render:${c}`),
    task(`deploy:${c}`, [`create:${c}`, `render:${c}`]),
    task(`verify:${c}`, [`deploy:${c}`]),
  ]);
}

describe('planGraph', () => {
  test('two clusters: creates and renders first, then deploys, then verifies; ids sorted in a batch', () => {
    const plan = planGraph(upTasks('cluster-b', 'cluster-a'));
    expect(plan.batches).toEqual([
      ['create:cluster-a', 'create:cluster-b', 'render:cluster-a', 'render:cluster-b'],
      ['deploy:cluster-a', 'deploy:cluster-b'],
      ['verify:cluster-a', 'verify:cluster-b'],
    ]);
    // Tasks keep the order given: that is the order progress shows them in.
    expect(plan.tasks.map((t) => t.id).slice(0, 4)).toEqual([
      'create:cluster-b',
      'render:cluster-b',
      'deploy:cluster-b',
      'verify:cluster-b',
    ]);
    expect(plan.tasks[2]).toEqual({ id: 'deploy:cluster-b', title: 'deploy cluster-b', needs: ['create:cluster-b', 'render:cluster-b'] });
  });

  test("a task's batch is one more than its deepest need, not one more than its first", () => {
    const plan = planGraph([task('a'), task('b', ['a']), task('c', ['b']), task('d', ['a', 'c'])]);
    expect(plan.batches).toEqual([['a'], ['b'], ['c'], ['d']]);
  });

  test('an unknown need names the task, the need and the likely intended id', () => {
    const tasks = [...upTasks('cluster-a'), task('smoke:cluster-a', ['verfy:cluster-a'])];
    expect(() => planGraph(tasks)).toThrow(
      'task graph: task "smoke:cluster-a" needs "verfy:cluster-a", which is not a task; did you mean "verify:cluster-a"?',
    );
  });

  test('an unknown need far from every id gets no suggestion', () => {
    expect(() => planGraph([task('create:cluster-a', ['something-else-entirely'])])).toThrow(
      /needs "something-else-entirely", which is not a task$/,
    );
  });

  test('a cycle is reported as its path', () => {
    const tasks = [task('create:a'), task('deploy:a', ['create:a', 'verify:a']), task('verify:a', ['deploy:a'])];
    expect(() => planGraph(tasks)).toThrow('task graph: cycle of needs: deploy:a -> verify:a -> deploy:a');
    expect(() => planGraph([task('a', ['a'])])).toThrow('cycle of needs: a -> a');
  });

  test('duplicate ids are named', () => {
    expect(() => planGraph([task('create:a'), task('render:a'), task('create:a')])).toThrow('task graph: duplicate task id "create:a"');
  });

  test('graph errors are plain Errors: a bad graph is a bug in mesh, not something to fix in the config', () => {
    expect(() => planGraph([task('a', ['b'])])).toThrow(Error);
    try {
      planGraph([task('a', ['b'])]);
    } catch (error) {
      expect((error as Error).constructor).toBe(Error);
    }
  });

  test('an empty list is an empty plan', () => {
    expect(planGraph([])).toEqual({ tasks: [], batches: [] });
  });
});

describe('criticalPath', () => {
  test('is the longest chain by duration, not by length', () => {
    const plan = planGraph(upTasks('cluster-a', 'cluster-b'));
    const durations = new Map([
      ['create:cluster-a', 20_000],
      ['render:cluster-a', 3_000],
      ['deploy:cluster-a', 40_000],
      ['verify:cluster-a', 5_000],
      ['create:cluster-b', 18_000],
      ['render:cluster-b', 30_000],
      ['deploy:cluster-b', 25_000],
      ['verify:cluster-b', 5_000],
    ]);
    expect(criticalPath(plan, durations)).toEqual({ ids: ['create:cluster-a', 'deploy:cluster-a', 'verify:cluster-a'], ms: 65_000 });
    // A slow render of b makes b's chain the critical one.
    durations.set('render:cluster-b', 50_000);
    expect(criticalPath(plan, durations)).toEqual({ ids: ['render:cluster-b', 'deploy:cluster-b', 'verify:cluster-b'], ms: 80_000 });
  });

  test('missing durations count as zero; an empty plan has an empty path', () => {
    const plan = planGraph([task('a'), task('b', ['a'])]);
    expect(criticalPath(plan, new Map([['b', 7]]))).toEqual({ ids: ['a', 'b'], ms: 7 });
    expect(criticalPath(planGraph([]), new Map())).toEqual({ ids: [], ms: 0 });
  });
});
