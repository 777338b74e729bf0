import { existsSync, readFileSync } from 'node:fs';
import { median } from './measure.js';

/**
 * The cold path by phase, from the marks each run left with MESH_TIMINGS:
 * the median time since the process started at which each phase ended. The
 * charts are ready when the last one is.
 */
export function phases(file: string): string {
  if (!existsSync(file)) return 'no timings recorded';
  const runs = readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as Array<[string, number]>);
  const byPhase = new Map<string, number[]>();
  for (const marks of runs) {
    const at = new Map<string, number>();
    for (const [phase, ms] of marks) {
      const name = phase.startsWith('chart ready') ? 'charts fetched' : phase;
      at.set(name, Math.max(at.get(name) ?? 0, ms));
    }
    for (const [name, ms] of at) byPhase.set(name, [...(byPhase.get(name) ?? []), ms]);
  }
  return [...byPhase].map(([name, values]) => `${name} ${median(values).toFixed(0)}`).join(', ');
}
