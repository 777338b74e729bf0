import { relative, resolve } from 'node:path';
import type { Model, Overrides } from '../lib/model/model.js';
import { loadEnvFile } from './env.js';
import { envRead, readMemo, writeMemo } from './memo.js';
import { checkIstioRepo } from './istio-repo.js';
import { ENV } from '../lib/model/defaults.js';

export interface LoadOptions {
  cwd: string;
  configPath?: string;
  envFile?: string;
  /** Read and extended with `.env`; the config sees it as process.env. */
  env: NodeJS.ProcessEnv;
  overrides: Overrides;
  /** Where to keep evaluated configs; none means always evaluate. */
  cacheDir?: string;
  /** A line a user should see that does not stop the run (a malformed `.env` line). */
  warn?: (message: string) => void;
}

export interface Loaded {
  model: Model;
  /** The config file as the user would name it, for messages. */
  shown: string;
  /** True when the model came from the cache without evaluating the config. */
  cached: boolean;
  /** What the model was made from: the files read (the `.env` too), config files that must stay absent, the variables read. */
  inputs: { files: string[]; absent: string[]; env: string[] };
}

/**
 * Finds, reads, validates and models the config. A config is only found and
 * evaluated again when a file or variable it read has changed, so the common
 * run loads none of the parsing, evaluating or validating code.
 */
export async function loadConfig(options: LoadOptions): Promise<Loaded> {
  const fromFile = new Set<string>();
  const envFile = await loadEnvFile(options.cwd, options.envFile, options.env, {
    set: fromFile,
    ...(options.warn ? { warn: options.warn } : {}),
  });
  const key = {
    cwd: options.cwd,
    config: options.configPath === undefined ? null : resolve(options.cwd, options.configPath),
    envFile: envFile ?? null,
    overrides: options.overrides,
  };
  if (options.cacheDir) {
    const hit = readMemo(options.cacheDir, key, options.env);
    if (hit) {
      const { files, absent, env } = hit.inputs;
      return { model: hit.model, shown: relative(options.cwd, hit.file) || hit.file, cached: true, inputs: { files, absent, env } };
    }
  }
  const [{ findConfig }, { readConfig }, { validateConfig }, { buildModel }] = await Promise.all([
    import('./find.js'),
    import('./read.js'),
    import('./validate.js'),
    import('../lib/model/model.js'),
  ]);
  const found = await findConfig(options.cwd, options.configPath);
  const shown = relative(options.cwd, found.file) || found.file;
  const raw = await readConfig(found.file, options.cwd, options.env, options.cacheDir);
  const valid = validateConfig(raw.value, shown);
  const model = buildModel(valid, found.file, options.env, options.overrides);
  checkIstioRepo(model, shown, fromFile.has(ENV.istioRepo) ? relative(options.cwd, envFile!) || envFile! : undefined);
  const files = [...raw.inputs.files, ...found.watched, ...(envFile ? [envFile] : [])];
  if (options.cacheDir) {
    writeMemo(options.cacheDir, key, { file: found.file, absent: found.absent, files, env: raw.inputs.env }, options.env, model);
  }
  return { model, shown, cached: false, inputs: { files, absent: found.absent, env: envRead(raw.inputs.env) } };
}
