import { existsSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { ConfigError } from '../lib/errors.js';
import { requireDependency } from '../lib/process/require-dependency.js';

/** The file names mesh looks for, in this order, in each folder it searches. */
export const SEARCH_PLACES = [
  'mesh.config.ts',
  'mesh.config.mts',
  'mesh.config.js',
  'mesh.config.mjs',
  'mesh.config.cjs',
  'mesh.config.json',
  'mesh.config.yaml',
  'mesh.config.yml',
  // Last: a dedicated config file says more than a key in package.json.
  'package.json',
] as const;

export interface FoundConfig {
  file: string;
  /** Candidates checked before it that do not exist: one appearing later would win. */
  absent: string[];
  /** package.json files checked before it: a "mesh" key added later would win. */
  watched: string[];
}

/**
 * Finds the config the way cosmiconfig's `project` strategy does: from the
 * working directory up to the folder holding the nearest package.json. An
 * explicit `--config` wins and must exist.
 */
export async function findConfig(cwd: string, explicit: string | undefined): Promise<FoundConfig> {
  if (explicit !== undefined) {
    const file = resolve(cwd, explicit);
    if (!isFile(file)) {
      throw new ConfigError(`--config ${explicit}: no such file (looked for ${file})`, {
        hint: 'check the path, or leave --config out to search for mesh.config.ts',
      });
    }
    return { file, absent: [], watched: [] };
  }
  // The usual case, decided without loading cosmiconfig: the first name in the first folder searched wins.
  const usual = join(resolve(cwd), SEARCH_PLACES[0]);
  if (isFile(usual)) return { file: usual, absent: [], watched: [] };
  const { cosmiconfig } = requireDependency('cosmiconfig') as typeof import('cosmiconfig');
  let result: Awaited<ReturnType<ReturnType<typeof cosmiconfig>['search']>>;
  try {
    // Constructing the explorer already reads package.json (for cosmiconfig's own settings).
    const explorer = cosmiconfig('mesh', {
      searchPlaces: [...SEARCH_PLACES],
      searchStrategy: 'project',
      packageProp: 'mesh',
      // Discovery only: mesh loads the file itself, to report errors with file:line:col.
      loaders: {
        '.ts': noop,
        '.mts': noop,
        '.js': noop,
        '.mjs': noop,
        '.cjs': noop,
        '.json': json,
        '.yaml': noop,
        '.yml': noop,
        noExt: noop,
      },
      cache: false,
      // An empty mesh.config.ts is a mistake to report, not a file to skip.
      ignoreEmptySearchPlaces: false,
    });
    result = await explorer.search(cwd);
  } catch (error) {
    // A package.json that does not parse stops the search; npm cannot read it either.
    const file = /JSON Error in (\S+?):?\s/.exec(error instanceof Error ? error.message : '')?.[1];
    if (!file) throw error;
    const reason = (error as Error).message
      .split('\n')
      .find((l) => /Unexpected|Expected|Bad control|JSON at position/.test(l))
      ?.trim();
    throw new ConfigError(`${relative(cwd, file) || file} is not valid JSON${reason ? `: ${reason}` : ''}`, {
      hint: 'fix it (npm cannot read it either); mesh looks for its config up to the folder holding the nearest package.json',
    });
  }
  const dirs = searchedDirs(cwd);
  if (!result) {
    throw new ConfigError(`no mesh config found in ${dirs.join(', ')}`, {
      hint: `create mesh.config.ts there (see README), add a "mesh" key to package.json, or pass --config PATH. Looked for: ${SEARCH_PLACES.join(', ')}`,
    });
  }
  const file = result.filepath;
  const before = candidatesBefore(file, dirs);
  return { file, absent: before.filter((path) => !existsSync(path)), watched: before.filter((path) => existsSync(path)) };
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function noop(): Record<string, never> {
  return {};
}

// package.json only counts as a config when it has a "mesh" key; a broken
// mesh.config.json still counts as found, so its syntax error is reported.
// Only package.json is parsed: cosmiconfig would act on a "$import" key in a
// mesh.config.json, and skip the file when the import is missing.
function json(path: string, content: string): unknown {
  if (basename(path) !== 'package.json') return {};
  try {
    return JSON.parse(content) as unknown;
  } catch {
    return null;
  }
}

function searchedDirs(cwd: string): string[] {
  const dirs: string[] = [];
  let dir = resolve(cwd);
  for (;;) {
    dirs.push(dir);
    // cosmiconfig's `project` strategy stops at either.
    if (existsSync(join(dir, 'package.json')) || existsSync(join(dir, 'package.yaml'))) break;
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  return dirs;
}

function candidatesBefore(file: string, dirs: string[]): string[] {
  const out: string[] = [];
  for (const dir of dirs) {
    for (const place of SEARCH_PLACES) {
      const candidate = join(dir, place);
      if (candidate === file) return out;
      out.push(candidate);
    }
  }
  return out;
}
