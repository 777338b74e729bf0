import fs from 'node:fs';
import { basename, extname } from 'node:path';
import type { YAMLError } from 'yaml';
import { ConfigError } from '../lib/errors.js';
import { evaluationError, jsonErrorOffset, lineCol, shownPath } from './read-errors.js';
import { track } from './track.js';
import { configTransform } from './transform.js';
import { ownLibrary } from './own-library.js';
import { loadJiti } from './jiti.js';

export interface RawConfig {
  file: string;
  value: unknown;
  /** What evaluating the config read, so a cached result can tell when it is stale. */
  inputs: { files: string[]; env: string[] };
}

/**
 * Reads a config file into a plain value: TypeScript and JavaScript through
 * jiti (with a fast transform, see transform.ts), JSON and YAML with their own parsers, package.json by its "mesh" key.
 * Any failure becomes a ConfigError that points at file:line:col. A config
 * that is evaluated sees `env` as process.env.
 */
export async function readConfig(file: string, cwd: string, env: NodeJS.ProcessEnv = process.env, cacheDir?: string): Promise<RawConfig> {
  const ext = extname(file);
  const shown = shownPath(file, cwd);
  if (basename(file) === 'package.json') return plain(file, (parseJson(readText(file), shown) as { mesh?: unknown } | null)?.mesh);
  if (ext === '.json') return plain(file, await parseJsonConfig(readText(file), shown));
  if (ext === '.yaml' || ext === '.yml') return plain(file, await parseYaml(readText(file), shown));
  return evaluate(file, cwd, env, cacheDir);
}

async function evaluate(file: string, cwd: string, env: NodeJS.ProcessEnv, cacheDir?: string): Promise<RawConfig> {
  const { createJiti, loaded } = loadJiti(cacheDir);
  const virtualModules = await ownLibrary(file);
  // No interopDefault: its proxy throws on `export default null`, and it
  // would hide a config that exports nothing behind an empty module object.
  const jiti = createJiti(import.meta.url, {
    moduleCache: false,
    fsCache: true,
    interopDefault: false,
    transform: configTransform(cacheDir),
    virtualModules,
  });
  const files = new Set<string>([file]);
  const names = new Set<string>();
  const restore = track(files, names, env);
  try {
    const exports = await jiti.import<Record<string, unknown>>(file);
    loaded?.save();
    // A promise (an async IIFE) would pass validation as an empty object;
    // what it resolves to is the config.
    const value = await defaultExport(exports);
    return { file, value, inputs: { files: [...files].sort(), env: [...names].sort() } };
  } catch (error) {
    throw evaluationError(error, file, files, cwd);
  } finally {
    restore();
  }
}

// `export default` (ESM, or CommonJS as jiti imports it), else a CommonJS
// `module.exports` object; an ES module without a default exports nothing.
function defaultExport(exports: Record<string, unknown>): unknown {
  if ('default' in exports) return exports.default;
  return !exports.__esModule && Object.keys(exports).length > 0 ? exports : undefined;
}

function plain(file: string, value: unknown): RawConfig {
  return { file, value, inputs: { files: [file], env: [] } };
}

function readText(file: string): string {
  return fs.readFileSync(file, 'utf8');
}

function parseJson(text: string, shown: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const message = String((error as Error).message);
    const at = jsonErrorOffset(text, message);
    // Node quotes the text after "Unexpected token 'x'", over several lines; the position says where.
    const brief = message.replace(/ in JSON at position \d+.*$/s, '').replace(/, (?:\.\.\.)?".*" is not valid JSON$/s, '');
    throw new ConfigError(`${shown}${at === undefined ? '' : lineCol(text, at)}: ${brief}`, {
      hint: 'fix the JSON syntax at that position',
    });
  }
}

// JSON.parse keeps the last of two equal keys without a word, so a config
// would silently lose one; the yaml parser (YAML 1.2 reads JSON) finds them
// with their position. JSON.parse still judges the syntax: YAML would accept
// trailing commas and comments a JSON file must not have.
async function parseJsonConfig(text: string, shown: string): Promise<unknown> {
  const value = parseJson(text, shown);
  const { parseDocument } = await import('yaml');
  const duplicate = parseDocument(text, { prettyErrors: true }).errors.find((e) => e.code === 'DUPLICATE_KEY');
  if (duplicate) throw yamlError(duplicate, shown, 'remove or rename one of the two keys', text);
  return value;
}

async function parseYaml(text: string, shown: string): Promise<unknown> {
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text, { prettyErrors: true });
  const [first] = doc.errors;
  if (first)
    throw yamlError(
      first,
      shown,
      first.code === 'DUPLICATE_KEY' ? 'remove or rename one of the two keys' : 'fix the YAML syntax at that position',
      text,
    );
  try {
    return doc.toJS() as unknown;
  } catch (error) {
    // yaml refuses a document whose aliases would expand without bound ("billion laughs").
    if (error instanceof ReferenceError && /alias/i.test(error.message)) {
      throw new ConfigError(`${shown}: its aliases (*name) expand to more than mesh reads: ${error.message}`, {
        hint: 'write the repeated parts out, or use fewer nested aliases',
      });
    }
    throw error;
  }
}

function yamlError(error: YAMLError, shown: string, hint: string, text: string): ConfigError {
  const pos = error.linePos?.[0];
  const where = pos ? `:${pos.line}:${pos.col}` : '';
  // prettyErrors repeats the position and adds a code frame; the prefix says it once.
  let message = error.message.split('\n')[0]!.replace(/ at line \d+, column \d+:?$/, '');
  if (error.code === 'DUPLICATE_KEY') message = `duplicate key ${keyAt(text, error.pos[0])}: ${message.toLowerCase()}`;
  return new ConfigError(`${shown}${where}: ${message}`, { hint });
}

// The key a DUPLICATE_KEY error points at, as written: "packages" or packages.
function keyAt(text: string, offset: number): string {
  const key = /^"(?:[^"\\]|\\.)*"|^'[^']*'|^[^:\s,{}]+/.exec(text.slice(offset))?.[0] ?? '';
  return key.startsWith('"') || key.startsWith("'") ? key : JSON.stringify(key);
}
