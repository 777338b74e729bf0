import { EXIT, isMeshError } from '../lib/errors.js';
import type { Deps } from './context.js';

/**
 * A MeshError is the user's to fix: message and hint, no stack trace.
 * Anything else is a bug in mesh: the stack trace, so it can be reported.
 */
export function printError(error: unknown, deps: Pick<Deps, 'stdout' | 'stderr' | 'color'>, json: boolean): number {
  if (isMeshError(error)) {
    if (json) {
      const error_ = { message: error.message, hint: error.hint ?? null, exitCode: error.exitCode };
      deps.stdout(`${JSON.stringify({ schemaVersion: 1, ...error.data, error: error_ }, null, 2)}\n`);
    }
    const label = deps.color ? '\x1b[31merror\x1b[0m' : 'error';
    deps.stderr(`mesh: ${label}: ${error.message}\n`);
    if (error.hint) deps.stderr(`  hint: ${error.hint}\n`);
    return error.exitCode;
  }
  const stack = error instanceof Error ? (error.stack ?? String(error)) : String(error);
  deps.stderr(`mesh: internal error (a bug in mesh; please report it with this output):\n${stack}\n`);
  return EXIT.FAILED;
}
