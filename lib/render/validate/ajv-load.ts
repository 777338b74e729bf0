import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Ajv, ValidateFunction } from 'ajv';
import { runCommonJs, type LoadedCode } from '../../process/code-cache.js';
import { besideProgram, programCodeStore } from '../../process/program-code.js';
import { sha256 } from '../digest.js';

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
 * compile in that process, so the build makes one file of them
 * (dist/vendor/ajv.cjs), which runs with V8's code cache; kept out of the
 * CLI's bundle, it costs the renders that compile nothing nothing. Run from
 * sources, there is no such file: the package itself is loaded.
 */
export function ajvParts(cacheDir?: string): AjvParts {
  if (parts) return parts;
  const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'vendor', 'ajv.cjs');
  let code: string | undefined;
  try {
    code = readFileSync(file, 'utf8');
  } catch {
    code = undefined;
  }
  if (code === undefined) {
    const { Ajv: AjvClass, _ } = require('ajv') as typeof import('ajv');
    const standalone = (require('ajv/dist/standalone') as { default: AjvParts['standalone'] }).default;
    return (parts = { Ajv: AjvClass, _, standalone });
  }
  const store = programCodeStore(besideProgram(import.meta.url), cacheDir);
  loaded = runCommonJs(code, { filename: file, key: sha256(code), require, store });
  return (parts = loaded.exports as AjvParts);
}

/** Keeps V8's code for what of Ajv has run, for the next process that compiles. */
export function saveAjvCode(): void {
  try {
    loaded?.save();
  } catch {
    // Only a faster compile lost.
  }
}
