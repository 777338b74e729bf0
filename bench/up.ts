import { execFile } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { criticalPath } from '../lib/pipeline/graph.js';
import type { GraphPlan } from '../lib/pipeline/types.js';
import { join } from 'node:path';
import { installFakes } from '../test/fakes/install.js';
import { projectRoot } from '../test/helpers/paths.js';
import { makeProject } from '../test/helpers/project.js';
import { median, once, type Sample } from './measure.js';

/** What `mesh up` costs beyond its slowest chain of tasks, and what a second cluster adds. */
export interface UpFigures {
  wall1: number;
  critical1: number;
  wall2: number;
  rssMiB: number;
}

const DELAY_MS = 100;

/**
 * `mesh up` against the fake k3d, kubectl and docker, each answering after a
 * fixed delay as real tools would. The critical path is the longest chain of
 * the run's own task durations along the graph.
 */
export async function benchUp(env: Record<string, string>, runs: number): Promise<UpFigures> {
  const one = project(1);
  const two = project(2);
  const wall1: number[] = [];
  const wall2: number[] = [];
  const critical1: number[] = [];
  const rss: number[] = [];
  for (let i = 0; i < runs; i++) {
    const a = await up(one, env);
    wall1.push(a.sample.ms);
    critical1.push(a.critical);
    rss.push(a.sample.rssMiB);
    wall2.push((await up(two, env)).sample.ms);
  }
  return { wall1: median(wall1), critical1: median(critical1), wall2: median(wall2), rssMiB: Math.max(...rss) };
}

function project(clusters: number): string {
  const entries = Array.from(
    { length: clusters },
    (_, i) => `'bench-${i}': mkClusterConfig({ ports: [{ port: '${28480 + i}:80', nodeFilters: ['loadbalancer'] }] })`,
  );
  const config = readFileSync(join(projectRoot, 'bench', 'istio.config.ts'), 'utf8')
    .replace('import { defineConfig,', 'import { defineConfig, mkClusterConfig,')
    .replace('export default defineConfig({', `export default defineConfig({\n  clusters: { ${entries.join(', ')} },`);
  return makeProject({ 'mesh.config.ts': config });
}

async function up(dir: string, env: Record<string, string>): Promise<{ sample: Sample; critical: number }> {
  const fakes = installFakes();
  fakes.setFaults({ delayMs: DELAY_MS });
  const out = join(fakes.state, '..', 'up.json');
  try {
    const sample = await once({
      label: 'mesh up',
      argv: ['/bin/sh', '-c', `"${process.execPath}" "${join(projectRoot, 'bin', 'mesh.js')}" up --json > "${out}"`],
      cwd: dir,
      env: { ...env, ...fakes.env },
    });
    const run = JSON.parse(readFileSync(out, 'utf8')) as { tasks: Array<{ id: string; durationMs: number }> };
    const graph = JSON.parse(await capture(dir, ['plan', '--json'], { ...env, ...fakes.env })) as GraphPlan;
    return { sample, critical: criticalPath(graph, new Map(run.tasks.map((t) => [t.id, t.durationMs]))).ms };
  } finally {
    rmSync(join(fakes.state, '..'), { recursive: true, force: true });
  }
}

function capture(cwd: string, args: string[], env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(projectRoot, 'bin', 'mesh.js'), ...args], { cwd, env: { ...process.env, ...env } }, (error, stdout) =>
      error ? reject(error) : resolve(stdout),
    );
  });
}
