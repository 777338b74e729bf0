import type { GraphPlan } from './types.js';

/**
 * `mesh plan`: every task with what it needs, then the batches, the levels
 * of the graph. A batch is what could run side by side, not a barrier: at
 * run time a task starts as soon as its own needs are done.
 *
 *   tasks
 *     create:cluster-a  create cluster cluster-a
 *     deploy:cluster-a  deploy to cluster-a  (needs create:cluster-a, render:cluster-a)
 *   batches
 *     1: create:cluster-a, render:cluster-a
 *     2: deploy:cluster-a
 */
export function formatPlan(plan: GraphPlan): string {
  if (plan.tasks.length === 0) return 'tasks\n  (none)\n';
  const idWidth = Math.max(...plan.tasks.map((t) => t.id.length));
  const numberWidth = String(plan.batches.length).length;
  const lines = ['tasks'];
  for (const t of plan.tasks) {
    lines.push(`  ${t.id.padEnd(idWidth)}  ${t.title}${t.needs.length > 0 ? `  (needs ${t.needs.join(', ')})` : ''}`);
  }
  lines.push('batches');
  plan.batches.forEach((batch, i) => lines.push(`  ${String(i + 1).padStart(numberWidth)}: ${batch.join(', ')}`));
  return `${lines.join('\n')}\n`;
}

/**
 * `mesh plan --json`: the plan with a fixed key order and two-space
 * indentation, so the same config always prints the same bytes and scripts
 * can diff it.
 */
export function planJson(plan: GraphPlan): string {
  const data = {
    schemaVersion: 1,
    tasks: plan.tasks.map((t) => ({ id: t.id, title: t.title, needs: [...t.needs] })),
    batches: plan.batches.map((batch) => [...batch]),
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}
