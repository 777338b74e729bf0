import fs from 'node:fs';
import { basename, extname, relative } from 'node:path';
import { ConfigError } from '../lib/errors.js';

export interface RawConfig {
  file: string;
  value: unknown;
  /** What evaluating the config read, so a cached result can tell when it is stale. */
  inputs: { files: string[]; env: string[] };
}

/**
 * Reads a config file into a plain value: TypeScript and JavaScript through
 * jiti, JSON and YAML with their own parsers, package.json by its "mesh" key.
 * Any failure becomes a ConfigError that points at file:line:col.
 */
export async function readConfig(file: string, cwd: string): Promise<RawConfig> {
  const ext = extname(file);
  const shown = relative(cwd, file) || file;
  if (basename(file) === 'package.json') return plain(file, (JSON.parse(readText(file)) as Record<string, unknown>).mesh);
  if (ext === '.json') return plain(file, parseJson(readText(file), shown));
  if (ext === '.yaml' || ext === '.yml') return plain(file, await parseYaml(readText(file), shown));
  return evaluate(file, shown);
}

async function evaluate(file: string, shown: string): Promise<RawConfig> {
  const { createJiti } = await import('jiti');
  const jiti = createJiti(import.meta.url, { moduleCache: false, fsCache: true, interopDefault: true });
  const files = new Set<string>([file]);
  const env = new Set<string>();
  const restore = track(files, env);
  try {
    const value = await jiti.import(file, { default: true });
    return { file, value, inputs: { files: [...files].sort(), env: [...env].sort() } };
  } catch (error) {
    throw evaluationError(error, file, shown);
  } finally {
    restore();
  }
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
    const at = /position (\d+)/.exec(String((error as Error).message));
    const where = at ? lineCol(text, Number(at[1])) : '';
    throw new ConfigError(`${shown}${where}: ${(error as Error).message.replace(/ in JSON at position \d+.*$/, '')}`, {
      hint: 'fix the JSON syntax at that position',
    });
  }
}

async function parseYaml(text: string, shown: string): Promise<unknown> {
  const { parseDocument } = await import('yaml');
  const doc = parseDocument(text, { prettyErrors: true });
  const [first] = doc.errors;
  if (first) {
    const pos = first.linePos?.[0];
    const where = pos ? `:${pos.line}:${pos.col}` : '';
    throw new ConfigError(`${shown}${where}: ${first.message.split('\n')[0]}`, { hint: 'fix the YAML syntax at that position' });
  }
  return doc.toJS() as unknown;
}

/**
 * Records the files and environment variables a config reads while it is
 * evaluated. Patching is scoped to the evaluation and undone after it.
 */
function track(files: Set<string>, env: Set<string>): () => void {
  const original = { readFileSync: fs.readFileSync, existsSync: fs.existsSync, env: process.env };
  const real = process.env;
  const note = (path: unknown) => {
    if (typeof path === 'string' && !path.includes('/node_modules/')) files.add(path);
  };
  fs.readFileSync = function (this: unknown, path: fs.PathOrFileDescriptor, ...rest: unknown[]) {
    note(path);
    return (original.readFileSync as (...args: unknown[]) => unknown).call(this, path, ...rest);
  } as typeof fs.readFileSync;
  fs.existsSync = (path: fs.PathLike) => {
    note(path);
    return original.existsSync(path);
  };
  process.env = new Proxy(real, {
    get(target, key) {
      if (typeof key === 'string') env.add(key);
      return Reflect.get(target, key);
    },
    has(target, key) {
      if (typeof key === 'string') env.add(key);
      return Reflect.has(target, key);
    },
  });
  return () => {
    fs.readFileSync = original.readFileSync;
    fs.existsSync = original.existsSync;
    process.env = original.env;
  };
}

function evaluationError(error: unknown, file: string, shown: string): ConfigError {
  const message = error instanceof Error ? error.message : String(error);
  const parse = /ParseError: ([^\n]*?)\s*\n\s*(\S+):(\d+):(\d+)/.exec(message);
  if (parse) {
    return new ConfigError(`${shown}:${parse[3]}:${parse[4]}: syntax error: ${parse[1]!.trim()}`, {
      hint: 'fix the syntax at that position',
    });
  }
  const frame = error instanceof Error ? userFrame(error.stack ?? '', file) : undefined;
  const name = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
  return new ConfigError(`${shown}${frame ?? ''}: ${name}${message}`, {
    hint: 'the config threw while it was evaluated; fix the code at that position',
    cause: error,
  });
}

function userFrame(stack: string, file: string): string | undefined {
  for (const line of stack.split('\n')) {
    const at = line.indexOf(file);
    if (at < 0) continue;
    const pos = /:(\d+):(\d+)/.exec(line.slice(at + file.length));
    if (pos) return `:${pos[1]}:${pos[2]}`;
  }
  return undefined;
}

function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `:${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}
