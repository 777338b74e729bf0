import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { TransformOptions, TransformResult } from 'jiti';
import type { LoadedCode } from '../lib/process/code-cache.js';
import { loadVendored } from '../lib/process/vendored.js';

type Transform = (options: TransformOptions) => TransformResult;

const require = createRequire(import.meta.url);
type Sucrase = typeof import('sucrase');
let sucrase: { module: Sucrase; loaded?: LoadedCode } | undefined;
let babel: Transform | undefined;

/**
 * Turns a config (TypeScript or an ES module) into the CommonJS that jiti
 * runs. sucrase strips the types and rewrites imports in a few milliseconds,
 * where loading and running Babel takes most of a cold render's own time.
 * Babel, jiti's own transform, still handles what sucrase does not rewrite
 * (`import.meta`, JSX) and every source sucrase refuses, so syntax errors
 * keep Babel's messages and positions. Lines stay where they were, so an
 * error thrown by the config points at the line the user wrote.
 */
/** Per transformed file, how many lines the transform added before the user's first one. */
export const linesAdded = new Map<string, number>();

export function configTransform(cacheDir?: string): (options: TransformOptions) => TransformResult {
  return (options) => transformConfig(options, cacheDir);
}

function transformConfig(options: TransformOptions, cacheDir?: string): TransformResult {
  if (!options.jsx && !/\bimport\.meta\b/.test(options.source)) {
    try {
      sucrase ??= loadSucrase(cacheDir);
      // sucrase puts "use strict" and its helpers on line 1, and jiti its function wrapper, which would
      // shift every column of the user's first line. Given a blank first line, both go there alone:
      // the user's lines come one line down, columns intact, and errors take that line off.
      const { code } = sucrase.module.transform(`\n${options.source}`, {
        transforms: options.ts === false ? ['imports'] : ['typescript', 'imports'],
        ...(options.filename ? { filePath: options.filename } : {}),
      });
      sucrase.loaded?.save();
      if (options.filename) linesAdded.set(options.filename, 1);
      return { code };
    } catch {
      // Babel reads it again and reports what is wrong in its own words.
    }
  }
  return jitiBabel()(options);
}

// sucrase is most of what a changed config costs to load: its ~60 CommonJS files take ~30 ms to compile.
function loadSucrase(cacheDir?: string): { module: Sucrase; loaded?: LoadedCode } {
  return loadVendored('sucrase.cjs', import.meta.url, cacheDir, () => require('sucrase') as Sucrase);
}

// jiti keeps its Babel build outside its export map; its path beside jiti's own entry is stable across 2.x.
function jitiBabel(): Transform {
  babel ??= require(join(dirname(require.resolve('jiti')), '..', 'dist', 'babel.cjs')) as Transform;
  return babel;
}
