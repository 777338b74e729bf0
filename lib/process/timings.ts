import { appendFileSync } from 'node:fs';

/**
 * Phase marks for the benchmark's breakdown: with MESH_TIMINGS=<file>, each
 * run appends one JSON line of `[phase, ms since the process started]` to it
 * when it exits. Without it, a mark costs one variable lookup.
 */
const marks: Array<[string, number]> = [];

export function mark(phase: string): void {
  const file = process.env.MESH_TIMINGS;
  if (!file) return;
  if (marks.length === 0) process.on('exit', () => appendFileSync(file, `${JSON.stringify([...marks, ['exit', performance.now()]])}\n`));
  marks.push([phase, performance.now()]);
}
