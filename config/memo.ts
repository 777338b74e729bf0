import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ENV } from '../lib/model/defaults.js';
import type { Model } from '../lib/model/model.js';

/**
 * A cache of evaluated configs, the way a build tool keeps an eval cache:
 * the model is reused while every file the config read has the same size and
 * mtime, every config file that was absent is still absent, and every
 * environment variable it read has the same value. Anything else re-evaluates.
 */

/** What a run asked for: the same question may reuse the same answer. */
export interface MemoKey {
  cwd: string;
  config: string | null;
  envFile: string | null;
  overrides: object;
}

export interface MemoInputs {
  /** The config file found. */
  file: string;
  /** Config files searched before it, which must stay absent. */
  absent: string[];
  /** Every file evaluating the config read. */
  files: string[];
  /** Every environment variable it read. */
  env: string[];
}

interface Entry {
  file: string;
  absent: string[];
  files: Array<[string, number, number] | [string, null]>;
  env: Array<[string, string | null]>;
  model: Model;
}

const ALWAYS_READ = [ENV.istioVersion, ENV.istioRepo];

export function readMemo(
  cacheDir: string,
  key: MemoKey,
  env: NodeJS.ProcessEnv,
): { file: string; model: Model; inputs: MemoInputs } | undefined {
  let entry: Entry;
  try {
    entry = JSON.parse(readFileSync(memoPath(cacheDir, key), 'utf8')) as Entry;
  } catch {
    return undefined;
  }
  const fresh =
    entry.files.every(([path, size, mtime]) => sameStat(path, size, mtime ?? null)) &&
    entry.absent.every((path) => statOf(path) === null) &&
    entry.env.every(([name, value]) => (env[name] ?? null) === value);
  const inputs = { file: entry.file, absent: entry.absent, files: entry.files.map(([path]) => path), env: entry.env.map(([name]) => name) };
  return fresh ? { file: entry.file, model: entry.model, inputs } : undefined;
}

export function writeMemo(cacheDir: string, key: MemoKey, inputs: MemoInputs, env: NodeJS.ProcessEnv, model: Model): void {
  const entry: Entry = {
    file: inputs.file,
    absent: inputs.absent,
    files: inputs.files.map((path) => {
      const stat = statOf(path);
      return stat ? [path, stat.size, stat.mtimeMs] : [path, null];
    }),
    env: envRead(inputs.env).map((name) => [name, env[name] ?? null]),
    model,
  };
  const path = memoPath(cacheDir, key);
  try {
    mkdirSync(join(cacheDir, 'configs'), { recursive: true });
    const tmp = `${path}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(entry));
    renameSync(tmp, path);
  } catch {
    // A cache that cannot be written only costs time on the next run.
  }
}

/** The variables a config's model depends on: those it read, and the Istio ones mesh reads for it. */
export function envRead(names: readonly string[]): string[] {
  return [...new Set([...names, ...ALWAYS_READ])].sort();
}

function memoPath(cacheDir: string, key: MemoKey): string {
  const digest = createHash('sha256')
    .update(JSON.stringify([meshFingerprint(), key]))
    .digest('hex')
    .slice(0, 32);
  return join(cacheDir, 'configs', `${digest}.json`);
}

let fingerprint: string | undefined;

// mesh's own code is an input too: a changed config loader or module
// (this folder and lib/modules) must not reuse a model built by the old one.
function meshFingerprint(): string {
  if (fingerprint === undefined) {
    const here = dirname(fileURLToPath(import.meta.url));
    const dirs = [here, join(here, '..', 'lib', 'modules')];
    fingerprint = dirs
      .flatMap((dir) => listed(dir).map((name) => statOf(join(dir, name))))
      .map((s) => (s ? `${s.size}:${s.mtimeMs}` : '-'))
      .join(',');
  }
  return fingerprint;
}

function listed(dir: string): string[] {
  try {
    return readdirSync(dir).sort();
  } catch {
    return [];
  }
}

function sameStat(path: string, size: number | null, mtime: number | null): boolean {
  const stat = statOf(path);
  if (stat === null || size === null) return stat === null && size === null;
  return stat.size === size && stat.mtimeMs === mtime;
}

function statOf(path: string): { size: number; mtimeMs: number } | null {
  try {
    const { size, mtimeMs } = statSync(path);
    return { size, mtimeMs };
  } catch {
    return null;
  }
}
