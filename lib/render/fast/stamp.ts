import { createHash } from 'node:crypto';
import { statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A warm `mesh render` that would change nothing, written down so the next
 * identical one can say so without loading the CLI: the question asked (the
 * arguments, the working folder, the variables that matter, colour), every
 * file and folder the answer depends on with its size and mtime, and what
 * that run printed. Any difference, and mesh runs in full.
 */
export interface Stamp {
  /** mesh's own build: another build may render differently. */
  mesh: string;
  /** Variables that matter, as they were before `.env` was read: a name with no value was unset. */
  env: Array<[string, string | null]>;
  /** Files and folders, with `[size, mtimeMs]`, or null for one that must stay absent. */
  paths: Array<[string, [number, number] | null]>;
  stdout: string;
  stderr: string;
}

/** Variables that change what a render does, beyond those the config itself reads. */
export const RENDER_ENV = ['PATH', 'HOME', 'CI', 'NO_COLOR', 'XDG_CACHE_HOME', 'npm_config_registry'];

export function stampKey(argv: readonly string[], cwd: string, color: boolean): string {
  return createHash('sha256')
    .update(JSON.stringify([argv, cwd, color]))
    .digest('hex')
    .slice(0, 32);
}

export function stampPath(cacheDir: string, key: string): string {
  return join(cacheDir, 'fast', `${key}.json`);
}

export function statOf(path: string): [number, number] | null {
  try {
    const stat = statSync(path);
    // A folder's size says nothing; its mtime changes when an entry is added or removed.
    return [stat.isDirectory() ? 0 : stat.size, stat.mtimeMs];
  } catch {
    return null;
  }
}

/** The build of mesh that is running: its CLI bundle's size and mtime. */
export function meshBuild(entry: string): string {
  return JSON.stringify(statOf(entry));
}
