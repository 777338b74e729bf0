import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import type { LoadedCode } from '../../process/code-cache.js';
import { loadVendored } from '../../process/vendored.js';

export interface AjvParts {
  Ajv: typeof import('ajv').Ajv;
  _: typeof import('ajv')._;
  standalone: (ajv: Ajv, validate: ValidateFunction) => string;
}

const require = createRequire(import.meta.url);
let parts: AjvParts | undefined;
let loaded: LoadedCode | undefined;

/**
 * Ajv, loaded when a schema is first compiled: a cold render of custom
 * resources, never a warm one. Its ~100 CommonJS files would take ~20 ms to
 * compile in that process, so it runs from one vendored file (see
 * vendored.ts); kept out of the CLI's bundle, it costs the renders that
 * compile nothing nothing.
 */
export function ajvParts(cacheDir?: string): AjvParts {
  if (parts) return parts;
  const vendored = loadVendored<AjvParts>('ajv.cjs', import.meta.url, cacheDir, () => ({
    Ajv: (require('ajv') as typeof import('ajv')).Ajv,
    _: (require('ajv') as typeof import('ajv'))._,
    standalone: (require('ajv/dist/standalone') as { default: AjvParts['standalone'] }).default,
  }));
  loaded = vendored.loaded;
  return (parts = vendored.module);
}
/** Keeps V8's code for what of Ajv has run, for the next process that compiles. */
export function saveAjvCode(): void {
  try {
    loaded?.save();
  } catch {
    // Only a faster compile lost.
  }
}
