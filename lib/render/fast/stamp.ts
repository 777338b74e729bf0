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
  /** The arguments, working folder and colour mode: the key only names the file, this is what must match. */
  question: string;
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

export function stampQuestion(argv: readonly string[], cwd: string, color: boolean): string {
  return JSON.stringify([argv, cwd, color]);
}

/**
 * A file name for a question. Loading node:crypto would cost the launcher
 * more than the rest of its check, and the name needs no strength: the
 * stamp holds its question, so two questions sharing a name only miss.
 */
export function stampKey(question: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193;
  for (let i = 0; i < question.length; i++) {
    const c = question.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return `${(a >>> 0).toString(16).padStart(8, '0')}${(b >>> 0).toString(16).padStart(8, '0')}`;
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
