import { createRequire } from 'node:module';

/**
 * Loads a CommonJS dependency (zx, jiti, cosmiconfig, js-yaml, sucrase) with
 * `require`. Importing one from an ES module makes Node lex its source, and
 * the sources it re-exports, for named exports first: that lexing cost more
 * than the loading on every cold render. The caller casts to the module's type.
 */
export const requireDependency: (id: string) => unknown = createRequire(import.meta.url);
