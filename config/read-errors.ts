import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ConfigError, isMeshError } from '../lib/errors.js';
import { linesAdded } from './transform.js';

/**
 * mesh's own modules, as built (dist/lib, the bundle a config's `import 'k3d-mesh'` loads) and as
 * sources: a config importing them must not be blamed for their frames.
 */
const meshRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const meshCode = ['lib', 'config', 'cli-bundle'].map((dir) => join(meshRoot, dir) + '/').concat(join(meshRoot, 'index.'));

/**
 * Turns what evaluating a config threw into a ConfigError at file:line:col,
 * in the user's file that failed: the config, or a file it imports.
 */
export function evaluationError(error: unknown, file: string, userFiles: ReadonlySet<string>, cwd: string): ConfigError {
  const message = error instanceof Error ? error.message : String(error);
  const parse = /ParseError: ([^\n]*?)\s*\n\s*(\S+):(\d+):(\d+)/.exec(message);
  if (parse) {
    // Babel counts columns from 0; editors and every other message here from 1.
    return new ConfigError(`${shownPath(parse[2]!, cwd)}:${parse[3]}:${Number(parse[4]) + 1}: syntax error: ${parse[1]!.trim()}`, {
      hint: 'fix the syntax at that position',
    });
  }
  const frame = error instanceof Error ? userFrame(error.stack ?? '', userFiles) : undefined;
  const missing = /^Cannot find (?:module|package) '([^']+)'/.exec(message)?.[1];
  if (missing !== undefined) return missingModule(missing, frame?.file ?? file, cwd, error);
  const where = frame ? `${shownPath(frame.file, cwd)}:${frame.line}:${frame.col}` : shownPath(file, cwd);
  // mesh's own refusals (an mk* function given a field it does not take) say what to do already.
  if (isMeshError(error)) return new ConfigError(`${where}: ${message}`, { ...(error.hint ? { hint: error.hint } : {}), cause: error });
  const name = error instanceof Error && error.name !== 'Error' ? `${error.name}: ` : '';
  return new ConfigError(`${where}: ${name}${message}`, {
    hint: 'the config threw while it was evaluated; fix the code at that position',
    cause: error,
  });
}

/** `:line:col` of an offset into `text`, both counted from 1. */
export function lineCol(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `:${before.length}:${(before.at(-1)?.length ?? 0) + 1}`;
}

/** Where in `text` JSON.parse failed with `message`, when that can be told. */
export function jsonErrorOffset(text: string, message: string): number | undefined {
  const at = /position (\d+)/.exec(message);
  if (at) return Number(at[1]);
  // "Unexpected end of JSON input" has no position: the end is where it is.
  if (/end of JSON/.test(message)) return text.trimEnd().length;
  // Node 20 names an unexpected token but not where it is: it is the first
  // one that a prefix of the text ends with and fails on the same way.
  const token = /^Unexpected token '(.+?)', /s.exec(message)?.[1];
  for (let i = token === undefined ? -1 : text.indexOf(token); token !== undefined && i >= 0; i = text.indexOf(token, i + 1)) {
    try {
      JSON.parse(text.slice(0, i + token.length));
    } catch (error) {
      if (String((error as Error).message).startsWith(`Unexpected token '${token}', `)) return i;
    }
  }
  return undefined;
}

export function shownPath(file: string, cwd: string): string {
  return relative(cwd, file) || file;
}

// The innermost frame in a file the evaluation loaded that is not mesh's:
// where the user's code threw, even when it threw inside an imported helper.
function userFrame(stack: string, userFiles: ReadonlySet<string>): { file: string; line: string; col: string } | undefined {
  for (const line of stack.split('\n')) {
    const at = /^\s*at (?:.*? \()?(.+?):(\d+):(\d+)\)?$/.exec(line);
    if (!at) continue;
    const file = at[1]!.startsWith('file://') ? fileURLToPath(at[1]!) : at[1]!;
    if (!userFiles.has(file) || meshCode.some((prefix) => file.startsWith(prefix))) continue;
    return { file, line: String(Math.max(1, Number(at[2]) - (linesAdded.get(file) ?? 0))), col: at[3]! };
  }
  return undefined;
}

/**
 * An import that does not resolve: where the import is written (the position
 * the evaluator reports is in transpiled code), and what to do about it. Node's
 * "Require stack" lists mesh's loader, which means nothing to the user.
 */
function missingModule(name: string, file: string, cwd: string, error: unknown): ConfigError {
  let where = shownPath(file, cwd);
  try {
    const text = readFileSync(file, 'utf8');
    const at = new RegExp(`(?:from\\s*|import\\s*\\(?\\s*|require\\s*\\(\\s*)['"]${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}['"]`).exec(
      text,
    );
    if (at) where += lineCol(text, at.index + at[0].search(/['"]/));
  } catch {
    // The file name alone still says where to look.
  }
  const ours = name === 'k3d-mesh';
  const meant = !ours && /^(@[\w-]+\/)?(k3d[-_]?)?mesh$|^k3dmesh$/i.test(name);
  const hint = ours
    ? 'install it in this project: npm install -D k3d-mesh'
    : meant
      ? "mesh's package is k3d-mesh: import { defineConfig, ... } from 'k3d-mesh'"
      : name.startsWith('.') || name.startsWith('/')
        ? 'check the path: it is resolved from the importing file'
        : `install it (npm install -D ${name.startsWith('@') ? name.split('/').slice(0, 2).join('/') : name.split('/')[0]}), or fix the name`;
  return new ConfigError(`${where}: cannot import "${name}": no such module${meant ? '; did you mean "k3d-mesh"?' : ''}`, {
    hint,
    cause: error,
  });
}
