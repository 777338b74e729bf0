import { formatPath, type Path, type Problem } from '../lib/text/problem.js';

/**
 * Everything under `packages` becomes YAML and JSON (chart values, objects,
 * cache keys), so it must be plain data. A TypeScript config can hold what
 * neither can say; each such value is named at its path, with what to write
 * instead. Stops after a few, as one mistake often repeats.
 */
export function plainDataProblems(value: unknown, path: Path, max = 5): Problem[] {
  const out: Problem[] = [];
  const stack: Array<{ value: object; path: Path }> = [];
  const walk = (v: unknown, at: Path): void => {
    if (out.length >= max) return;
    const problem = scalarProblem(v);
    if (problem) return void out.push({ path: at, message: problem });
    if (typeof v !== 'object' || v === null) return;
    const cycle = stack.find((s) => s.value === v);
    if (cycle) {
      return void out.push({ path: at, message: `refers back to ${formatPath(cycle.path)}, which YAML cannot write; give a copy instead` });
    }
    stack.push({ value: v, path: at });
    if (Array.isArray(v)) v.forEach((item, i) => walk(item, [...at, i]));
    else for (const [key, item] of Object.entries(v)) walk(item, [...at, key]);
    stack.pop();
  };
  walk(value, path);
  return out;
}

function scalarProblem(v: unknown): string | undefined {
  switch (typeof v) {
    case 'bigint':
      return `a BigInt (${v}n), which JSON and YAML cannot write; give a number or a string`;
    case 'function':
      return 'a function; give the value it computes';
    case 'symbol':
      return 'a Symbol; give a string';
    case 'number':
      return Number.isFinite(v) ? undefined : `${v}, which YAML and JSON cannot write as a number; give a number or a string`;
    default:
      if (v instanceof Date) return `a Date; give it as a string, e.g. "${v.toISOString()}"`;
      if (v instanceof Map || v instanceof Set) return `a ${v instanceof Map ? 'Map' : 'Set'}; give an object or a list`;
      return undefined;
  }
}
