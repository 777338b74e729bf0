import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { ConfigError } from '../lib/errors.js';

/**
 * Loads `.env` from the working directory (or `--env-file`) into `env`,
 * quietly, never overriding a variable that is already set: the real
 * environment wins over the file. Returns the file read, if any.
 */
export async function loadEnvFile(cwd: string, envFile: string | undefined, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const file = resolve(cwd, envFile ?? '.env');
  if (!existsSync(file)) {
    if (envFile === undefined) return undefined;
    throw new ConfigError(`--env-file ${envFile}: no such file (looked for ${file})`, {
      hint: 'check the path, or leave --env-file out to read .env',
    });
  }
  const { parse } = await import('dotenv');
  let parsed: Record<string, string>;
  try {
    parsed = parse(readFileSync(file));
  } catch (error) {
    throw new ConfigError(`${file}: cannot be read: ${(error as Error).message}`, { hint: 'check the file is a readable KEY=value file' });
  }
  for (const [key, value] of Object.entries(parsed)) {
    if (env[key] === undefined) env[key] = value;
  }
  return file;
}
