import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import type { CodeStore } from './code-cache.js';

/**
 * Where V8's compiled code of mesh's own program (its CLI bundle, sucrase,
 * jiti) is kept: beside the program, in `dist/.code-cache`, the way Python
 * keeps `__pycache__` beside its sources. It belongs to the installed
 * program, not to a project's renders, so emptying `MESH_CACHE_DIR` does not
 * make every next run compile mesh again. Where the install is not writable
 * (a system-wide one), mesh's cache folder holds it instead. Entries are
 * named by a digest of the code they were compiled from and the V8 that did
 * it, so a stale one is never used. Code generated from a project's inputs
 * (CRD validators) stays in the cache folder.
 */
export function programCodeStore(
  beside: string | undefined,
  cacheDir: string | undefined,
  stale?: (name: string) => boolean,
): CodeStore | undefined {
  const dirs = [beside, cacheDir === undefined ? undefined : join(cacheDir, 'code')].filter((dir): dir is string => dir !== undefined);
  if (dirs.length === 0) return undefined;
  return {
    read(name) {
      for (const dir of dirs) {
        try {
          return readFileSync(join(dir, name));
        } catch {
          // Not kept there.
        }
      }
      return undefined;
    },
    write(name, data) {
      for (const dir of dirs) if (tryWrite(dir, name, data, stale)) return;
    },
  };
}

/** `dist/.code-cache` when this module runs from the CLI bundle in `dist/cli-bundle`; none when mesh runs from its sources. */
export function besideProgram(moduleUrl: string): string | undefined {
  const dir = dirname(fileURLToPath(moduleUrl));
  return basename(dir) === 'cli-bundle' ? codeCacheBeside(join(dir, 'mesh.cjs')) : undefined;
}

/** The folder beside a bundle in `dist/<folder>/` where its compiled code is kept. */
export function codeCacheBeside(bundle: string): string {
  return join(dirname(bundle), '..', '.code-cache');
}

function tryWrite(dir: string, name: string, data: Uint8Array, stale?: (name: string) => boolean): boolean {
  const tmp = join(dir, `${name}.${process.pid}.tmp`);
  try {
    mkdirSync(dir, { recursive: true });
    if (stale) for (const old of readdirSync(dir)) if (stale(old)) rmSync(join(dir, old), { force: true });
    writeFileSync(tmp, data);
    renameSync(tmp, join(dir, name));
    return true;
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // There was no folder to write in.
    }
    return false;
  }
}
