import { relative } from 'node:path';
import type { Model, Overrides } from './model.js';
import { buildModel } from './model.js';
import { loadEnvFile } from './env.js';
import { findConfig } from './find.js';
import { readConfig } from './read.js';
import { validateConfig } from './validate.js';
import { readMemo, writeMemo, type MemoInputs } from './memo.js';

export interface LoadOptions {
  cwd: string;
  configPath?: string;
  envFile?: string;
  /** Read and extended with `.env`; the config sees it as process.env. */
  env: NodeJS.ProcessEnv;
  overrides: Overrides;
  /** Where to keep evaluated configs; none means always evaluate. */
  cacheDir?: string;
}

export interface Loaded {
  model: Model;
  /** The config file as the user would name it, for messages. */
  shown: string;
  /** True when the model came from the cache without evaluating the config. */
  cached: boolean;
}

/**
 * Finds, reads, validates and models the config. A TypeScript config is
 * only evaluated again when a file or variable it read has changed.
 */
export async function loadConfig(options: LoadOptions): Promise<Loaded> {
  const envFile = await loadEnvFile(options.cwd, options.envFile, options.env);
  const found = await findConfig(options.cwd, options.configPath);
  const shown = relative(options.cwd, found.file) || found.file;
  const key = { file: found.file, overrides: options.overrides, absent: found.checked, envFile };
  if (options.cacheDir) {
    const hit = readMemo(options.cacheDir, key, options.env);
    if (hit) return { model: hit, shown, cached: true };
  }
  const raw = await readConfig(found.file, options.cwd);
  const valid = validateConfig(raw.value, shown);
  const model = buildModel(valid, found.file, options.env, options.overrides);
  if (options.cacheDir) {
    const inputs: MemoInputs = { files: [...raw.inputs.files, ...(envFile ? [envFile] : [])], env: raw.inputs.env };
    writeMemo(options.cacheDir, key, inputs, options.env, model);
  }
  return { model, shown, cached: false };
}
