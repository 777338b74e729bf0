import { readFileSync } from 'node:fs';
import { createRequire, Module } from 'node:module';
import { sha256 } from '../render/digest.js';
import { runCommonJs, type CodeStore, type LoadedCode } from './code-cache.js';

/**
 * Puts one CommonJS file of a package into `require`'s cache, compiled with
 * V8's code cache, so that when the package's own entry requires it, Node
 * finds it loaded instead of compiling it again. For a package whose weight
 * is one large file (jiti's dist/jiti.cjs): a few milliseconds per process.
 * Returns undefined, having changed nothing, when the file is already loaded
 * or cannot be read; the package then loads as usual.
 */
export function preloadCommonJs(file: string, store: CodeStore | undefined): LoadedCode | undefined {
  const require = createRequire(file);
  if (require.cache[file] !== undefined) return undefined;
  let code: string;
  try {
    code = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const loaded = runCommonJs(code, { filename: file, key: sha256(code), require, store });
  const module = new Module(file);
  module.filename = file;
  module.exports = loaded.exports;
  module.loaded = true;
  require.cache[file] = module;
  return loaded;
}
