import { describe, expect, test } from 'vitest';
import { planGraph } from '../../lib/pipeline/graph.js';
import { formatPlan, planJson } from '../../lib/pipeline/print.js';
import type { Task } from '../../lib/pipeline/types.js';

const task = (id: string, title: string, needs: string[] = []): Task => ({ id, title, needs, run: async () => undefined });

const up = (c: string) => [
  task(`create:${c}`, `create cluster ${c}`),
  task(`render:${c}`, `render ${c}`),
  task(`deploy:${c}`, `deploy to ${c}`, [`create:${c}`, `render:${c}`]),
  task(`verify:${c}`, `verify ${c}`, [`deploy:${c}`]),
];

describe('mesh plan output', () => {
  test('formatPlan: each task with what it needs, then the numbered batches', () => {
    expect(formatPlan(planGraph([...up('cluster-a'), ...up('cluster-b')]))).toBe(
      [
        'tasks',
        '  create:cluster-a  create cluster cluster-a',
        '  render:cluster-a  render cluster-a',
        '  deploy:cluster-a  deploy to cluster-a  (needs create:cluster-a, render:cluster-a)',
        '  verify:cluster-a  verify cluster-a  (needs deploy:cluster-a)',
        '  create:cluster-b  create cluster cluster-b',
        '  render:cluster-b  render cluster-b',
        '  deploy:cluster-b  deploy to cluster-b  (needs create:cluster-b, render:cluster-b)',
        '  verify:cluster-b  verify cluster-b  (needs deploy:cluster-b)',
        'batches',
        '  1: create:cluster-a, create:cluster-b, render:cluster-a, render:cluster-b',
        '  2: deploy:cluster-a, deploy:cluster-b',
        '  3: verify:cluster-a, verify:cluster-b',
        '',
      ].join('\n'),
    );
  });

  test('formatPlan of nothing', () => {
    expect(formatPlan(planGraph([]))).toBe('tasks\n  (none)\n');
  });

  test('planJson: fixed key order, the same bytes for the same plan', () => {
    const plan = planGraph(up('cluster-a'));
    const json = planJson(plan);
    expect(json.endsWith('}\n')).toBe(true);
    expect(JSON.parse(json)).toEqual({
      schemaVersion: 1,
      tasks: [
        { id: 'create:cluster-a', title: 'create cluster cluster-a', needs: [] },
        { id: 'render:cluster-a', title: 'render cluster-a', needs: [] },
        { id: 'deploy:cluster-a', title: 'deploy to cluster-a', needs: ['create:cluster-a', 'render:cluster-a'] },
        { id: 'verify:cluster-a', title: 'verify cluster-a', needs: ['deploy:cluster-a'] },
      ],
      batches: [['create:cluster-a', 'render:cluster-a'], ['deploy:cluster-a'], ['verify:cluster-a']],
    });
    expect(Object.keys(JSON.parse(json).tasks[0])).toEqual(['id', 'title', 'needs']);
    expect(planJson(planGraph(up('cluster-a')))).toBe(json);
  });
});
