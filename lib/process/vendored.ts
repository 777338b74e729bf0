import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sha256 } from '../render/digest.js';
import { runCommonJs, type LoadedCode } from './code-cache.js';
import { besideProgram, programCodeStore } from './program-code.js';

/**
 * A package the build made one file of (`dist/vendor/<name>`: sucrase,
 * Ajv), run with V8's code cache, since compiling its many CommonJS files
 * again in every process that needs it costs tens of milliseconds.
 * `moduleUrl` is the caller's `import.meta.url`, which in the CLI bundle
 * sits in `dist/cli-bundle`. Run from sources there is no such file, and
 * `fallback` loads the package itself. `loaded.save()` keeps the code
 * compiled by then.
 */
export function loadVendored<T>(
  name: string,
  moduleUrl: string,
  cacheDir: string | undefined,
  fallback: () => T,
): { module: T; loaded?: LoadedCode } {
  const file = join(dirname(fileURLToPath(moduleUrl)), '..', 'vendor', name);
  let code: string;
  try {
    code = readFileSync(file, 'utf8');
  } catch {
    return { module: fallback() };
  }
  const store = programCodeStore(besideProgram(moduleUrl), cacheDir);
  const loaded = runCommonJs(code, { filename: file, key: sha256(code), require: createRequire(file), store });
  return { module: loaded.exports as T, loaded };
}
