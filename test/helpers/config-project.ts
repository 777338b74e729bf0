import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { loadConfig, type LoadOptions, type Loaded } from '../../config/load.js';
import { ConfigError } from '../../lib/errors.js';
import { projectRoot } from './paths.js';

/**
 * Config files written to a fresh temp folder, as a user would write them.
 * A TypeScript config there cannot import 'k3d-mesh' by name, so it imports
 * the mk* functions from this checkout's index.ts by absolute path (`${MESH}`).
 */
export const MESH = join(projectRoot, 'index.ts');

const made: string[] = [];

/** Removes every folder `project` made, after each test of the file that calls it. */
export function cleanUpProjects(): void {
  afterEach(() => {
    for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
  });
}

/**
 * A temp folder holding `files` (paths may have folders; a package.json `{}`
 * is added unless given, so the search stops there). Returns its path.
 */
export function project(files: Record<string, string>, { packageJson = true } = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'mesh-config-'));
  made.push(dir);
  const all = packageJson && !('package.json' in files) ? { 'package.json': '{"name":"fixture"}\n', ...files } : files;
  write(dir, all);
  return dir;
}

export function write(dir: string, files: Record<string, string>): void {
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, path)), { recursive: true });
    writeFileSync(join(dir, path), text);
  }
}

let clock = Date.now() / 1000 + 60;

/**
 * Writes a file so the memo must notice: a file rewritten within the
 * filesystem's mtime granularity at the same size would look unchanged, so
 * each write also moves its mtime to a time no earlier write used.
 */
export function change(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
  clock += 10;
  utimesSync(path, clock, clock);
}

/** loadConfig with an empty environment, no flags and no cache unless given. */
export function load(cwd: string, options: Partial<LoadOptions> = {}): Promise<Loaded> {
  return loadConfig({ cwd, env: {}, overrides: {}, ...options });
}

/** The ConfigError `promise` rejects with; fails the test if it resolves or throws anything else. */
export async function configError(promise: Promise<unknown>): Promise<ConfigError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, 'expected a ConfigError').toBeInstanceOf(ConfigError);
  return error as ConfigError;
}

/** A TypeScript config importing mk* functions from mesh, exporting `body`. */
export function tsConfig(imports: string[], body: string): string {
  return `import { ${imports.join(', ')} } from '${MESH}';\n\nexport default ${body};\n`;
}
