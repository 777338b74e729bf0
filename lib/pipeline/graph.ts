import { didYouMean } from '../text/suggest.js';
import type { GraphPlan, Task } from './types.js';

/**
 * The task graph as data, checked: unique ids, needs that name tasks, no
 * cycle. Mesh composes tasks from an already validated config, so a broken
 * graph is a bug in mesh, not something the user can fix: these are plain
 * Errors (the CLI prints them with a stack trace to report), not MeshErrors.
 *
 * `tasks` keeps the order given (the display order); `batches` are the
 * topological levels, a task's level being one more than its deepest need.
 */
export function planGraph(tasks: readonly Pick<Task, 'id' | 'title' | 'needs'>[]): GraphPlan {
  checkIds(tasks);
  checkNeeds(tasks);
  const planned = tasks.map((t) => ({ id: t.id, title: t.title, needs: [...new Set(t.needs)] }));
  const levels = levelsOf(planned);
  const batches: string[][] = [];
  for (const t of planned) (batches[levels.get(t.id)!] ??= []).push(t.id);
  return { tasks: planned, batches: batches.map((batch) => batch.sort(byCodePoint)) };
}

/**
 * The longest chain of needs, weighted by how long each task took: no
 * schedule can finish `mesh up` sooner, so the benchmark compares wall time
 * to it. Tasks without a duration count as 0 ms.
 */
export function criticalPath(plan: GraphPlan, durations: ReadonlyMap<string, number>): { ids: string[]; ms: number } {
  const needs = new Map(plan.tasks.map((t) => [t.id, t.needs]));
  const best = new Map<string, { ms: number; via: string | undefined }>();
  // Batches are in topological order, so every need is settled before its dependents.
  for (const id of plan.batches.flat()) {
    let via: string | undefined;
    for (const need of needs.get(id) ?? []) {
      if (via === undefined || best.get(need)!.ms > best.get(via)!.ms) via = need;
    }
    best.set(id, { ms: (durations.get(id) ?? 0) + (via === undefined ? 0 : best.get(via)!.ms), via });
  }
  let end: string | undefined;
  for (const [id, entry] of best) if (end === undefined || entry.ms > best.get(end)!.ms) end = id;
  const ids: string[] = [];
  for (let at = end; at !== undefined; at = best.get(at)!.via) ids.unshift(at);
  return { ids, ms: end === undefined ? 0 : best.get(end)!.ms };
}

function checkIds(tasks: readonly Pick<Task, 'id'>[]): void {
  const seen = new Set<string>();
  const duplicates = new Set<string>();
  for (const t of tasks) (seen.has(t.id) ? duplicates : seen).add(t.id);
  if (duplicates.size > 0) {
    throw new Error(`task graph: duplicate task id${duplicates.size > 1 ? 's' : ''} ${[...duplicates].map((id) => `"${id}"`).join(', ')}`);
  }
}

function checkNeeds(tasks: readonly Pick<Task, 'id' | 'needs'>[]): void {
  const ids = tasks.map((t) => t.id);
  const known = new Set(ids);
  const problems = tasks.flatMap((t) =>
    t.needs.filter((need) => !known.has(need)).map((need) => `task "${t.id}" needs "${need}", which is not a task${didYouMean(need, ids)}`),
  );
  if (problems.length > 0) throw new Error(`task graph: ${problems.join('\n')}`);
}

// Depth-first, memoised; the stack of tasks being visited is the cycle when one comes round again.
function levelsOf(tasks: readonly { id: string; needs: readonly string[] }[]): Map<string, number> {
  const needs = new Map(tasks.map((t) => [t.id, t.needs]));
  const levels = new Map<string, number>();
  const visiting: string[] = [];
  const visit = (id: string): number => {
    const known = levels.get(id);
    if (known !== undefined) return known;
    const at = visiting.indexOf(id);
    if (at >= 0) throw new Error(`task graph: cycle of needs: ${[...visiting.slice(at), id].join(' -> ')}`);
    visiting.push(id);
    const level = Math.max(-1, ...needs.get(id)!.map(visit)) + 1;
    visiting.pop();
    levels.set(id, level);
    return level;
  };
  for (const t of tasks) visit(t.id);
  return levels;
}

function byCodePoint(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
