import { createRequire } from 'node:module';
import { join } from 'node:path';

const PACKAGE = 'kubernetes-models';

/** The `kubernetes-models` package as a project has it installed. */
export interface BuiltinPackage {
  /** `kubernetes-models@4.5.1`: part of what a remembered validation was checked with. */
  version: string;
  /** Loads one of its modules, as the project would. */
  load(id: string): unknown;
}

/**
 * The file whose presence decides whether a project has the package: where
 * it was found, else where installing it into the project would put it. A
 * render that changed nothing is repeated only while this stays as it was.
 */
export function builtinPackageFile(projectDir: string): string {
  try {
    return createRequire(join(projectDir, 'package.json')).resolve(`${PACKAGE}/package.json`);
  } catch {
    return join(projectDir, 'node_modules', PACKAGE, 'package.json');
  }
}

/**
 * Finds `kubernetes-models` from the project's folder, as its own code would
 * import it; undefined when the project has not installed it. Cheap, so a
 * warm render can tell whether a remembered validation covered built-in kinds.
 */
export function findBuiltinPackage(projectDir: string): BuiltinPackage | undefined {
  const require = createRequire(join(projectDir, 'package.json'));
  try {
    const { version } = require(`${PACKAGE}/package.json`) as { version: string };
    return { version: `${PACKAGE}@${version}`, load: (id) => require(`${PACKAGE}/${id}`) };
  } catch {
    return undefined;
  }
}
