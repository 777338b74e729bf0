import { validateConfig } from '../../config/validate.js';
import { ConfigError } from '../../lib/errors.js';

/** The problem lines validation reports for a config object (none when it is valid). */
export function configProblems(config: Record<string, unknown>): string[] {
  try {
    validateConfig(config, 'mesh.config.ts');
  } catch (error) {
    if (error instanceof ConfigError)
      return error.message
        .split('\n')
        .slice(1)
        .map((line) => line.trim());
    throw error;
  }
  return [];
}
