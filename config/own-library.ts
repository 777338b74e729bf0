import { readFileSync, realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const PACKAGE = 'k3d-mesh';

/**
 * What a config's `import ... from 'k3d-mesh'` gets, when the project's
 * k3d-mesh is the very install that is running: the library the CLI has
 * loaded already. Left to jiti, the same files would be rewritten to
 * CommonJS, compiled without V8's code cache and run as a second copy (zod
 * and all), a quarter of a changed config's cost. A project with another
 * install of k3d-mesh, or none, gets nothing here: jiti loads that one, or
 * reports it missing, as before.
 */
export async function ownLibrary(configFile: string): Promise<Record<string, unknown>> {
  const installed = installedPackage(dirname(configFile));
  if (installed === undefined || installed !== runningPackage()) return {};
  const library = (await import('../index.js')) as Record<string, unknown>;
  // As a CommonJS `require` of an ES module sees it, so default and named imports behave as jiti's copy did.
  return { [PACKAGE]: { __esModule: true, ...library } };
}

/**
 * The k3d-mesh folder a file in `dir` imports, as Node resolves it: the
 * package itself when `dir` is inside it (a self-reference), else the first
 * node_modules/k3d-mesh on the way up. Real paths, so a linked install
 * compares equal to its target.
 */
export function installedPackage(dir: string): string | undefined {
  let scopeSeen = false;
  for (let at = dir; ; at = dirname(at)) {
    if (!scopeSeen) {
      const name = packageName(join(at, 'package.json'));
      if (name !== undefined) {
        scopeSeen = true;
        if (name === PACKAGE) return real(at);
      }
    }
    const candidate = join(at, 'node_modules', PACKAGE);
    if (packageName(join(candidate, 'package.json')) !== undefined) return real(candidate);
    if (dirname(at) === at) return undefined;
  }
}

let running: string | undefined;

/** The package folder of the mesh that is running, from built or source files alike. */
export function runningPackage(): string | undefined {
  if (running !== undefined) return running;
  for (let at = dirname(fileURLToPath(import.meta.url)); ; at = dirname(at)) {
    if (packageName(join(at, 'package.json')) === PACKAGE) return (running = real(at));
    if (dirname(at) === at) return undefined;
  }
}

function packageName(file: string): string | undefined {
  try {
    const name: unknown = (JSON.parse(readFileSync(file, 'utf8')) as { name?: unknown }).name;
    return typeof name === 'string' ? name : '';
  } catch {
    return undefined;
  }
}

function real(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
