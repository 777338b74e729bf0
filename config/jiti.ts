import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { preloadCommonJs } from '../lib/process/cached-require.js';
import type { LoadedCode } from '../lib/process/code-cache.js';
import { besideProgram, programCodeStore } from '../lib/process/program-code.js';

/**
 * jiti, which evaluates configs. Its weight is one file of 190 KB that Node
 * would compile again in every process; loaded with V8's code cache (kept
 * beside mesh, else in `cacheDir`: see program-code.ts), it is ready at
 * once. `loaded.save()` keeps the code compiled by then, once the config has
 * been evaluated.
 */
export function loadJiti(cacheDir?: string): { createJiti: typeof import('jiti').createJiti; loaded?: LoadedCode | undefined } {
  const require = createRequire(import.meta.url);
  let loaded: LoadedCode | undefined;
  try {
    const bundle = join(dirname(require.resolve('jiti')), '..', 'dist', 'jiti.cjs');
    loaded = preloadCommonJs(bundle, programCodeStore(besideProgram(import.meta.url), cacheDir));
  } catch {
    // jiti laid out otherwise: it loads as it is.
  }
  return { createJiti: (require('jiti') as typeof import('jiti')).createJiti, loaded };
}
