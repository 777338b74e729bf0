import fs from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Records the files and environment variables a config reads while it is
 * evaluated, and shows it `env` as process.env. Patching is scoped to the
 * evaluation and undone after it.
 */
export function track(files: Set<string>, names: Set<string>, env: NodeJS.ProcessEnv): () => void {
  const original = { readFileSync: fs.readFileSync, existsSync: fs.existsSync, env: process.env };
  const note = (path: unknown) => {
    const file = pathOf(path);
    if (file !== undefined && !file.includes('/node_modules/')) files.add(file);
  };
  fs.readFileSync = function (this: unknown, path: fs.PathOrFileDescriptor, ...rest: unknown[]) {
    note(path);
    return (original.readFileSync as (...args: unknown[]) => unknown).call(this, path, ...rest);
  } as typeof fs.readFileSync;
  fs.existsSync = (path: fs.PathLike) => {
    note(path);
    return original.existsSync(path);
  };
  // A config's `import { readFileSync } from 'node:fs'` binds the ES module's
  // export, which follows the patched CommonJS one only once synced.
  syncBuiltinESMExports();
  // The loader's env, not the real one: it holds `.env`'s values, and the
  // memo compares the config's variables against it on the next run.
  process.env = new Proxy(env, {
    get(target, key) {
      if (typeof key === 'string') names.add(key);
      return Reflect.get(target, key);
    },
    has(target, key) {
      if (typeof key === 'string') names.add(key);
      return Reflect.has(target, key);
    },
  });
  return () => {
    fs.readFileSync = original.readFileSync;
    fs.existsSync = original.existsSync;
    process.env = original.env;
    syncBuiltinESMExports();
  };
}

// `new URL('./x.json', import.meta.url)` is how ESM reads a neighbour, and a
// relative path is relative to the process' directory: both must be recorded
// as the absolute path the memo will stat.
function pathOf(path: unknown): string | undefined {
  if (typeof path === 'string') return resolve(path);
  if (path instanceof URL) return path.protocol === 'file:' ? fileURLToPath(path) : undefined;
  if (Buffer.isBuffer(path)) return resolve(path.toString());
  return undefined;
}
