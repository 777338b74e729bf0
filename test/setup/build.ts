import { execFileSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { buildFakes } from '../fakes/build.js';
import { projectRoot } from '../helpers/paths.js';

const SOURCES = ['index.ts', 'cli', 'config', 'lib', 'tasks', 'scripts/build.mjs'];
const STAMP = join(projectRoot, 'dist', '.build-stamp');

/**
 * CLI tests run the real `mesh` binary, which runs dist/. Rebuild it when any
 * source is newer than the last build, so tests never run stale code.
 */
export default function setup(): void {
  // Before the workers start, so none of them builds the fakes on its own.
  buildFakes();
  const built = mtime(STAMP);
  if (built !== undefined && SOURCES.every((source) => newest(join(projectRoot, source)) <= built)) return;
  execFileSync(process.execPath, [join(projectRoot, 'scripts', 'build.mjs')], {
    cwd: projectRoot,
    stdio: 'inherit',
  });
}

function newest(path: string): number {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(path).map((name) => newest(join(path, name))));
}

function mtime(path: string): number | undefined {
  return statSync(path, { throwIfNoEntry: false })?.mtimeMs;
}
