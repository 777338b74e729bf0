import { createRequire } from 'node:module';

/**
 * Loads a CommonJS dependency that stays outside the CLI's bundle and only
 * some runs need (cosmiconfig, when mesh.config.ts is not in the working
 * folder) with `require`, at the moment it is needed: a static import would
 * load it in every run. The caller casts to the module's type.
 */
export const requireDependency: (id: string) => unknown = createRequire(import.meta.url);
